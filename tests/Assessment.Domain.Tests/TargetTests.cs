using Assessment.Domain.Access;
using Assessment.Domain.Regions;
using Assessment.Domain.Reports;
using Assessment.Domain.Targets;
using FluentAssertions;

namespace Assessment.Domain.Tests;

/// <summary>domain.md, "Yearly targets (逐年细化目标任务)".</summary>
public class TargetTests
{
    private const Tier F = Tier.Foundation, E = Tier.Excellence, D = Tier.Demonstration;

    private static DivisionCode Code(string code) => DivisionCode.Parse(code);

    // ---- validation ----

    [Fact]
    public void A_target_names_at_least_one_figure()
    {
        new Target().Validate().Should().ContainSingle().Which.Message.Should().StartWith("name at least one target");
        new Target(MovedUpFromExcellence: 10).Validate().Should().BeEmpty();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(0.404)]
    [InlineData(1)]
    public void A_share_is_a_fraction_from_0_to_1(decimal share) =>
        new Target(DemonstrationShare: share, FoundationShareMax: share).Validate().Should().BeEmpty();

    [Theory]
    [InlineData(-0.01)]
    [InlineData(1.01)]
    [InlineData(40)] // a percentage where a fraction belongs
    public void A_share_outside_0_to_1_is_refused_naming_the_field(decimal share)
    {
        new Target(DemonstrationShare: share).Validate().Should().ContainSingle().Which.Field.Should().Be("demonstrationShare");
        new Target(FoundationShareMax: share).Validate().Should().ContainSingle().Which.Field.Should().Be("foundationShareMax");
    }

    [Fact]
    public void The_message_says_what_a_share_is() =>
        new Target(DemonstrationShare: 40m).Validate().Single().Message.Should().Be("demonstrationShare is 40; a share is a fraction from 0 to 1 (0.4 means 40%)");

    [Fact]
    public void Counts_are_whole_and_not_negative()
    {
        new Target(MovedUpFromFoundation: 0, MovedUpFromExcellence: 2127).Validate().Should().BeEmpty();
        new Target(MovedUpFromFoundation: -1).Validate().Should().ContainSingle()
            .Which.Should().Be(new ValidationError("movedUpFromFoundation is -1; it counts villages: 0 or more", Field: "movedUpFromFoundation"));
        new Target(MovedUpFromExcellence: 2.5m).Validate().Should().ContainSingle()
            .Which.Should().Be(new ValidationError("movedUpFromExcellence is 2.5; it counts villages: a whole number", Field: "movedUpFromExcellence"));
    }

    [Fact]
    public void Every_bad_figure_is_reported_at_once() =>
        new Target(1.5m, -0.5m, -1m, 0.5m).Validate().Select(e => e.Field)
            .Should().Equal("demonstrationShare", "foundationShareMax", "movedUpFromFoundation", "movedUpFromExcellence");

    // ---- who sets targets for which region ----

    private static readonly Actor Province = new("sheng", Role.Province, Code("370000000000"));
    private static readonly Actor City = new("zibo", Role.City, Code("370300000000"));

    [Theory]
    [InlineData("370000000000", true)]  // itself
    [InlineData("370300000000", true)]  // its city
    [InlineData("370322000000", false)] // a county: its city sets that
    [InlineData("440000000000", false)] // another province
    [InlineData("440300000000", false)] // another province's city
    public void The_province_sets_targets_for_itself_and_its_cities(string region, bool allowed) =>
        (Target.WhyNotSet(Province, Code(region)) is null).Should().Be(allowed);

    [Theory]
    [InlineData("370322000000", true)]  // its county
    [InlineData("370300000000", false)] // itself: the province sets the city's targets
    [InlineData("370000000000", false)] // its province
    [InlineData("370481000000", false)] // another city's county
    public void A_city_sets_targets_for_its_counties(string region, bool allowed) =>
        (Target.WhyNotSet(City, Code(region)) is null).Should().Be(allowed);

    [Fact]
    public void A_refusal_says_who_sets_what() =>
        Target.WhyNotSet(City, Code("370481000000")).Should().Be("a city sets targets for its counties; 370481000000 is not one of them for 370300000000");

    [Fact]
    public void County_officers_and_judges_set_no_targets()
    {
        Target.WhyNotSet(new Actor("x", Role.County, Code("370322000000")), Code("370322000000")).Should().StartWith("a county user cannot set targets");
        Target.WhyNotSet(new Actor("j", Role.Judge, Code("370300000000")), Code("370322000000")).Should().StartWith("a judge user cannot set targets");
    }

    [Fact]
    public void The_admin_sets_targets_for_any_province_city_or_county()
    {
        var admin = new Actor("admin", Role.Admin, null);
        Target.WhyNotSet(admin, Code("440000000000")).Should().BeNull();
        Target.WhyNotSet(admin, Code("370322000000")).Should().BeNull();
    }

    [Fact]
    public void Townships_and_villages_have_no_targets()
    {
        Target.WhyNotSet(new Actor("admin", Role.Admin, null), Code("370322102000")).Should().Be("370322102000 is a township; targets are set for a province, a city or a county");
        Target.WhyNotSet(Province, Code("370322102201")).Should().NotBeNull();
    }

    // ---- actual figures ----

    /// <summary>Eight villages: tier in the previous published cycle (null: not rated then) → tier now.</summary>
    private static readonly (Tier? Previous, Tier Now)[] Region =
    [
        (F, E),    // up out of Foundation
        (F, D),    // up out of Foundation (two tiers, by an override)
        (E, D),    // up out of Excellence
        (E, E),
        (D, E),    // down
        (null, D), // first rated: moved out of nothing
        (F, F),
        (E, F),    // down
    ];

    [Fact]
    public void Actual_figures_count_tiers_now_and_moves_up_from_the_previous_published_cycle()
    {
        var actual = TargetActual.Of(Region);

        actual.Tiers.Should().Be(new TierCounts(Demonstration: 3, Excellence: 3, Foundation: 2)); // now: E D D E E D F F
        actual.MovedUpFromFoundation.Should().Be(2); // F→E, F→D
        actual.MovedUpFromExcellence.Should().Be(1); // E→D
        actual.DemonstrationShare.Should().Be(0.375m); // 3 / 8
        actual.FoundationShare.Should().Be(0.25m);     // 2 / 8
    }

    [Fact]
    public void Shares_are_shown_with_four_decimals_like_the_distribution_report()
    {
        // 2 of 3 = 0.6666… → 0.6667; 1 of 3 = 0.3333… → 0.3333
        var actual = TargetActual.Of([(null, D), (null, D), (null, F)]);
        actual.DemonstrationShare.Should().Be(0.6667m);
        actual.FoundationShare.Should().Be(0.3333m);
    }

    [Fact]
    public void County_figures_add_up_to_the_city()
    {
        var sum = TargetActual.Of(Region[..4]) + TargetActual.Of(Region[4..]);
        sum.Should().Be(TargetActual.Of(Region));
    }

    // ---- met ----

    [Fact]
    public void The_demonstration_share_is_met_at_or_above_the_target()
    {
        var actual = TargetActual.Of(Region); // 3 of 8 = 0.375
        new Target(DemonstrationShare: 0.375m).Check(actual).DemonstrationShare.Should().BeTrue();   // 3 ≥ 0.375 × 8 = 3
        new Target(DemonstrationShare: 0.3751m).Check(actual).DemonstrationShare.Should().BeFalse(); // 3 ≥ 3.0008? no
    }

    [Fact]
    public void The_foundation_share_is_met_at_or_below_the_maximum()
    {
        var actual = TargetActual.Of(Region); // 2 of 8 = 0.25
        new Target(FoundationShareMax: 0.25m).Check(actual).FoundationShareMax.Should().BeTrue();    // 2 ≤ 0.25 × 8 = 2
        new Target(FoundationShareMax: 0.2499m).Check(actual).FoundationShareMax.Should().BeFalse(); // 2 ≤ 1.9992? no
    }

    [Fact]
    public void Moved_up_counts_are_met_at_or_above_the_target()
    {
        var actual = TargetActual.Of(Region); // 2 out of Foundation, 1 out of Excellence
        new Target(MovedUpFromFoundation: 2, MovedUpFromExcellence: 1).Check(actual).Should().Be(new TargetMet(null, null, true, true));
        new Target(MovedUpFromFoundation: 3, MovedUpFromExcellence: 2).Check(actual).Should().Be(new TargetMet(null, null, false, false));
    }

    [Fact]
    public void Shares_are_compared_unrounded_not_as_shown()
    {
        var actual = TargetActual.Of([(null, D), (null, D), (null, F)]); // shown 0.6667 and 0.3333
        new Target(DemonstrationShare: 0.6667m).Check(actual).DemonstrationShare.Should().BeFalse(); // 2 ≥ 0.6667 × 3 = 2.0001? no
        new Target(DemonstrationShare: 0.6666m).Check(actual).DemonstrationShare.Should().BeTrue();  // 2 ≥ 1.9998
        new Target(FoundationShareMax: 0.3333m).Check(actual).FoundationShareMax.Should().BeFalse(); // 1 ≤ 0.9999? no
        new Target(FoundationShareMax: 0.3334m).Check(actual).FoundationShareMax.Should().BeTrue();  // 1 ≤ 1.0002
    }

    [Fact]
    public void Targets_not_named_have_no_met_flag() =>
        new Target(DemonstrationShare: 0.3m).Check(TargetActual.Of(Region)).Should().Be(new TargetMet(true, null, null, null));

    [Fact]
    public void With_no_village_rated_every_share_is_0()
    {
        var none = TargetActual.Zero;
        new Target(DemonstrationShare: 0.4m, FoundationShareMax: 0.1m).Check(none).Should().Be(new TargetMet(false, true, null, null));
        new Target(DemonstrationShare: 0m).Check(none).DemonstrationShare.Should().BeTrue(); // 0 ≥ 0
    }
}
