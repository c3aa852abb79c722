using Orleans.Lse.Core.Determinism;

namespace Orleans.Lse.Core.Tests.Determinism;

[Trait(TestCategory.Name, TestCategory.Fast)]
public sealed class StableHashTests
{
    // Pinned values: a change here would change every seeded restart direction and resumed campaigns would diverge.
    [Fact]
    public void ValuesAreTheSameInEveryProcess()
    {
        Assert.Equal(StableHash.Combine(0, 1), StableHash.Combine(0, 1));
        Assert.NotEqual(StableHash.Combine(0, 1), StableHash.Combine(1, 0));
        Assert.Equal(PinnedCombine, StableHash.Combine(0, 1_000_123, 3, 0x5eed));
        Assert.Equal(PinnedText, StableHash.Of("abc"));
    }

    private const int PinnedCombine = -1486956496;
    private const int PinnedText = -975392716;
}
