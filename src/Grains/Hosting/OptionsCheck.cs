using Microsoft.Extensions.Options;

namespace Orleans.Lse.Grains.Hosting;

/// <summary>Runs an options class's own Validate method at start and reports its message.</summary>
internal sealed class OptionsCheck<TOptions>(Action<TOptions> validate) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        try
        {
            validate(options);
            return ValidateOptionsResult.Success;
        }
        catch (InvalidOperationException e)
        {
            return ValidateOptionsResult.Fail(e.Message);
        }
    }
}
