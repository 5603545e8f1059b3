using LstmActors.Grains.Forecasting;

namespace LstmActors.Grains.Tests.Forecasting;

public sealed class CalendarSeasonsTests
{
    [Theory]
    [InlineData(30 * 60, new[] { 48, 336 })]
    [InlineData(60 * 60, new[] { 24, 168 })]
    [InlineData(24 * 60 * 60, new[] { 7 })]
    [InlineData(31 * 24 * 60 * 60, new[] { 12 })]
    [InlineData(91 * 24 * 60 * 60, new[] { 4 })]
    [InlineData(365 * 24 * 60 * 60, new int[0])]
    [InlineData(7 * 60, new int[0])]
    [InlineData(0, new int[0])]
    [InlineData(-60, new int[0])]
    public void Spacing_of_ticks_gives_the_calendar_periods(int seconds, int[] periods) =>
        Assert.Equal(periods, CalendarSeasons.Of(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Ticks_a_few_microseconds_apart_have_no_season_rather_than_an_overflowing_one() =>
        Assert.Empty(CalendarSeasons.Of(TimeSpan.FromTicks(17)));
}
