using Microsoft.Extensions.Options;

namespace Assessment.Host.Hosting;

/// <summary>
/// The one way the host reads a settings section: bound to its options class, checked by its validator at once
/// (a bad value stops start-up with one line saying which setting to change, exit code 2), and registered both as
/// <see cref="IOptions{T}"/> (validated again on start) and as the plain class the services take.
/// </summary>
public static class Settings
{
    public static T AddValidated<T>(this WebApplicationBuilder builder, string section, IValidateOptions<T> validator) where T : class, new()
    {
        T value;
        try
        {
            value = builder.Configuration.GetSection(section).Get<T>() ?? new T();
        }
        catch (InvalidOperationException e)
        {
            // The binder's own message names the key and the type ("Failed to convert configuration value at 'Assessment:Silo:Port' to type 'System.Int32'").
            throw new CannotStartException($"{e.Message}. Set it as {EnvironmentName(section)}__… in the environment or in appsettings.json.", exitCode: 2, e);
        }
        Check(validator, value);
        builder.Services.AddSingleton(validator);
        builder.Services.AddOptions<T>().BindConfiguration(section).ValidateOnStart();
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<T>>().Value);
        return value;
    }

    /// <summary>Stops start-up with every failure of <paramref name="value"/>, each saying what to set.</summary>
    public static void Check<T>(IValidateOptions<T> validator, T value) where T : class
    {
        var result = validator.Validate(Options.DefaultName, value);
        if (result.Failed) throw new CannotStartException(string.Join(" ", result.Failures), exitCode: 2);
    }

    /// <summary>The environment variable of a configuration key: "Assessment:Silo:Port" → "Assessment__Silo__Port".</summary>
    public static string EnvironmentName(string key) => key.Replace(":", "__", StringComparison.Ordinal);

    /// <summary>One failure message: what is wrong with <paramref name="key"/> and where to set it.</summary>
    public static string Failure(string key, string problem) => $"{key} {problem}: set {EnvironmentName(key)} (or {key} in appsettings.json).";
}
