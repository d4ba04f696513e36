namespace Assessment.Domain.Reports;

/// <summary>Between two published cycles: how many villages went from each tier to each tier.</summary>
public sealed class MovementMatrix
{
    private readonly int[,] counts = new int[4, 4]; // indexed by tier rank, 1–3

    public int this[Tier from, Tier to] => counts[(int)from, (int)to];

    public int Up { get; private set; }
    public int Down { get; private set; }
    public int Unchanged { get; private set; }

    public void Add(Tier from, Tier to)
    {
        counts[(int)from, (int)to]++;
        if (to > from) Up++;
        else if (to < from) Down++;
        else Unchanged++;
    }

    public void Add(MovementMatrix other)
    {
        foreach (var from in Enum.GetValues<Tier>())
            foreach (var to in Enum.GetValues<Tier>())
                counts[(int)from, (int)to] += other.counts[(int)from, (int)to];
        Up += other.Up;
        Down += other.Down;
        Unchanged += other.Unchanged;
    }

    public static MovementMatrix Of(IEnumerable<(Tier From, Tier To)> pairs)
    {
        var m = new MovementMatrix();
        foreach (var (from, to) in pairs) m.Add(from, to);
        return m;
    }
}
