using System.Threading.Channels;
using Assessment.Abstractions.Competitions;

namespace Assessment.Host.Api;

/// <summary>
/// This host's live boards: one feed per competition that someone here watches, subscribed once to
/// the competition's grain and fanned out in process to every HTTP watcher. A thousand watchers of
/// one competition cost the grain what one does: one push per change to each host that has any.
/// </summary>
public sealed class ScoreboardFeeds(IGrainFactory grains, ILogger<ScoreboardFeeds> log)
{
    private readonly IGrainFactory grains = grains;
    private readonly ILogger log = log;

    /// <summary>How often a feed renews its subscription (the grain forgets a feed after 2 minutes without one).</summary>
    public static readonly TimeSpan Renewal = TimeSpan.FromSeconds(50);

    private readonly Dictionary<string, Feed> feeds = [];

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IServiceProvider, ScoreboardFeeds> Hosts = new();

    /// <summary>The host's one set of feeds, shared by the API's stream and the big screen's (so one feed per competition per host either way).</summary>
    public static ScoreboardFeeds Of(IServiceProvider services) =>
        Hosts.GetValue(services, s => ActivatorUtilities.CreateInstance<ScoreboardFeeds>(s));

    /// <summary>Starts watching: the watch holds the current board at once and then every newer one.</summary>
    public async Task<Watch> WatchAsync(string competition)
    {
        Feed feed;
        var watch = new Watch(this, competition);
        lock (feeds)
        {
            if (!feeds.TryGetValue(competition, out feed!)) feeds[competition] = feed = new Feed(this, competition);
            feed.Watchers.Add(watch);
        }
        try
        {
            var current = await feed.Subscribed;
            watch.Offer(feed.Latest ?? current);
            return watch;
        }
        catch
        {
            Leave(watch);
            throw;
        }
    }

    private void Leave(Watch watch)
    {
        Feed? gone = null;
        lock (feeds)
        {
            if (feeds.TryGetValue(watch.Competition, out var feed) && feed.Watchers.Remove(watch) && feed.Watchers.Count == 0)
            {
                feeds.Remove(watch.Competition);
                gone = feed;
            }
        }
        gone?.Stop();
    }

    /// <summary>One HTTP watcher: the boards it has yet to send. A slow watcher skips boards it has not sent yet; each board is whole.</summary>
    public sealed class Watch(ScoreboardFeeds owner, string competition) : IDisposable
    {
        private readonly Channel<CompetitionBoard> boards = Channel.CreateBounded<CompetitionBoard>(
            new BoundedChannelOptions(8) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

        public string Competition { get; } = competition;
        public ChannelReader<CompetitionBoard> Boards => boards.Reader;
        private long offered = -1;

        /// <summary>Queues a board newer than any queued before (the first board may come both from the feed and from the subscription).</summary>
        internal void Offer(CompetitionBoard board)
        {
            lock (boards)
            {
                if (board.Version <= offered) return;
                offered = board.Version;
                boards.Writer.TryWrite(board);
            }
        }
        public void Dispose() => owner.Leave(this);
    }

    private sealed class Feed : IScoreboardObserver
    {
        private readonly ScoreboardFeeds owner;
        private readonly string competition;
        private readonly CancellationTokenSource stop = new();
        private readonly IScoreboardObserver reference;

        public HashSet<Watch> Watchers { get; } = [];
        public CompetitionBoard? Latest { get; private set; }
        public Task<CompetitionBoard> Subscribed { get; }

        public Feed(ScoreboardFeeds owner, string competition)
        {
            this.owner = owner;
            this.competition = competition;
            reference = owner.grains.CreateObjectReference<IScoreboardObserver>(this);
            Subscribed = SubscribeAsync();
            _ = RenewAsync();
        }

        private ICompetitionGrain Grain => owner.grains.GetGrain<ICompetitionGrain>(competition);

        private async Task<CompetitionBoard> SubscribeAsync()
        {
            var board = await Grain.SubscribeAsync(reference);
            Publish(board);
            return board;
        }

        private async Task RenewAsync()
        {
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    await Task.Delay(Renewal, stop.Token);
                    try { Publish(await Grain.SubscribeAsync(reference)); }
                    catch (Exception e) when (e is not OperationCanceledException) { owner.log.LogWarning(e, "Renewing the board feed of competition {Id} failed; trying again", competition); }
                }
            }
            catch (OperationCanceledException) { }
        }

        public Task OnBoardAsync(CompetitionBoard board)
        {
            Publish(board);
            return Task.CompletedTask;
        }

        /// <summary>Passes a board on unless a newer one has been passed on already (pushes may overtake one another).</summary>
        private void Publish(CompetitionBoard board)
        {
            Watch[] to;
            lock (owner.feeds)
            {
                if (Latest is not null && Latest.Version >= board.Version) return;
                Latest = board;
                to = [.. Watchers];
            }
            foreach (var w in to) w.Offer(board);
        }

        public void Stop()
        {
            stop.Cancel();
            _ = Task.Run(async () =>
            {
                try { await Grain.UnsubscribeAsync(reference); } catch (Exception) { /* the grain forgets it after 2 minutes anyway */ }
                owner.grains.DeleteObjectReference<IScoreboardObserver>(reference);
            });
        }
    }
}
