using Assessment.Host.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Assessment.Host.Pages;

/// <summary>Sign-in for the pages: the same check as the token endpoint (<see cref="Auth.SignIn"/>), then a cookie.</summary>
[AllowAnonymous]
public sealed class SignInModel(SignIn signIn) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    [BindProperty] public string? Username { get; set; }
    [BindProperty] public string? Password { get; set; }
    public string? Error { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var outcome = await signIn.TryAsync(Username, Password, HttpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown", ct);
        if (outcome.User is not { } user)
        {
            Response.StatusCode = outcome.Status;
            if (outcome.RetryAfterSeconds is { } seconds) Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Error = outcome.Status == 429
                ? Text.T($"登录失败次数过多，请 {outcome.RetryAfterSeconds ?? 60} 秒后再试。", outcome.Detail)
                : Text.T(outcome.Detail.Contains("locked", StringComparison.Ordinal) ? "该用户因多次登录失败被暂时锁定，请稍后再试或联系管理员。"
                    : outcome.Detail.Contains("disabled", StringComparison.Ordinal) ? "该用户已停用，请联系管理员。" : "用户名或密码错误。", outcome.Detail);
            return Page();
        }
        await HttpContext.SignInAsync(PagesSetup.Scheme, PagesSetup.Principal(user));
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
    }
}
