using Microsoft.Extensions.Options;

namespace Orleans.Lse.Grains.Placement;

/// <summary>Turns <see cref="ComputePlacementOptions.Validate"/> into a start-time options failure.</summary>
internal sealed class ComputePlacementOptionsValidator : IValidateOptions<ComputePlacementOptions>
{
    public ValidateOptionsResult Validate(string? name, ComputePlacementOptions options)
    {
        try
        {
            options.Validate();
            return ValidateOptionsResult.Success;
        }
        catch (InvalidOperationException e)
        {
            return ValidateOptionsResult.Fail(e.Message);
        }
    }
}
