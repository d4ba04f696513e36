namespace Assessment.Host.Auth;

/// <summary>Sign-in settings (<c>Assessment:*</c>).</summary>
public sealed class AuthOptions
{
    /// <summary>The first admin's password (<c>Assessment:Admin:Password</c>); required outside Development.</summary>
    public string? AdminPassword { get; init; }

    /// <summary>Signing key for tokens (<c>Assessment:Jwt:SigningKey</c>, at least 32 characters); generated and kept in the data folder when absent.</summary>
    public string? SigningKey { get; init; }

    /// <summary>Where a generated key is kept (<c>Assessment:DataDirectory</c>).</summary>
    public string DataDirectory { get; init; } = ".data";

    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromHours(8);

    /// <summary>Failed sign-ins a minute for one user name (<c>Assessment:SignIn:FailuresPerUser</c>) before 429.</summary>
    public int FailuresPerUserPerMinute { get; init; } = 5;

    /// <summary>Failed sign-ins a minute from one client address (<c>Assessment:SignIn:FailuresPerAddress</c>) before 429.</summary>
    public int FailuresPerAddressPerMinute { get; init; } = 20;

    /// <summary>What Development uses when no admin password is configured; never used elsewhere.</summary>
    public const string DevelopmentAdminPassword = "admin";

    public const string AdminUsername = "admin";

    public static AuthOptions From(IConfiguration config) => new()
    {
        AdminPassword = config["Assessment:Admin:Password"],
        SigningKey = config["Assessment:Jwt:SigningKey"],
        DataDirectory = config["Assessment:DataDirectory"] ?? ".data",
        FailuresPerUserPerMinute = config.GetValue("Assessment:SignIn:FailuresPerUser", 5),
        FailuresPerAddressPerMinute = config.GetValue("Assessment:SignIn:FailuresPerAddress", 20),
    };
}

/// <summary>Sign-in settings the service can start with; outside Development an admin password is required.</summary>
public sealed class AuthOptionsValidator(bool development) : Microsoft.Extensions.Options.IValidateOptions<AuthOptions>
{
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrEmpty(options.AdminPassword) && !development)
            failures.Add("no admin password is configured. Set Assessment__Admin__Password " +
                "(configuration key Assessment:Admin:Password); only the Development environment may run without one.");
        if (options.SigningKey is { Length: > 0 } key && System.Text.Encoding.UTF8.GetByteCount(key) < 32)
            failures.Add(Hosting.Settings.Failure("Assessment:Jwt:SigningKey", "is shorter than 32 characters; give a longer secret or leave it out (a key is then generated in the data folder)"));
        if (options.FailuresPerUserPerMinute < 1) failures.Add(Hosting.Settings.Failure("Assessment:SignIn:FailuresPerUser", $"is {options.FailuresPerUserPerMinute}; it must be at least 1"));
        if (options.FailuresPerAddressPerMinute < 1) failures.Add(Hosting.Settings.Failure("Assessment:SignIn:FailuresPerAddress", $"is {options.FailuresPerAddressPerMinute}; it must be at least 1"));
        return failures.Count == 0 ? Microsoft.Extensions.Options.ValidateOptionsResult.Success : Microsoft.Extensions.Options.ValidateOptionsResult.Fail(failures);
    }
}
