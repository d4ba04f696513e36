using Assessment.Domain.Access;
using Assessment.Domain.Regions;
using FluentAssertions;

namespace Assessment.Domain.Tests;

public class ActorTests
{
    private static DivisionCode Code(string c) => DivisionCode.Parse(c);

    [Fact]
    public void A_county_officer_reaches_its_own_villages_only()
    {
        var officer = new Actor("o", Role.County, Code("370322000000"));
        officer.Reaches(Code("370322102201")).Should().BeTrue();
        officer.Reaches(Code("370323102201")).Should().BeFalse();
    }

    [Fact]
    public void The_admin_reaches_everything_even_without_a_region() =>
        new Actor("admin", Role.Admin, null).Reaches(Code("440000000000")).Should().BeTrue();

    [Fact]
    public void A_user_without_a_region_reaches_nothing() =>
        new Actor("x", Role.Province, null).Reaches(Code("370000000000")).Should().BeFalse();
}
