using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Assessment.Host.Pages;

/// <summary>What a browser sees for an error status outside /api (the API answers problem JSON instead).</summary>
[AllowAnonymous, IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Code { get; set; }
    public string Heading { get; private set; } = "";
    public string Explanation { get; private set; } = "";

    public void OnGet() => Describe();
    public void OnPost() => Describe();

    private void Describe()
    {
        (Heading, Explanation) = Code switch
        {
            404 => (Text.T("找不到这个页面", "Page not found"), Text.T("地址可能有误，或者这项内容不存在。", "The address may be wrong, or what it names does not exist.")),
            429 => (Text.T("提交过于频繁", "Too many objections"), Text.T("每个网络地址每小时最多提交 5 条异议，请稍后再试。", "At most 5 objections an hour are taken from one address; please try again later.")),
            400 => (Text.T("请求有误", "Bad request"), Text.T("地址中的参数无法识别。", "The address's parameters could not be read.")),
            403 => (Text.T("无权访问", "Not allowed"), Text.T("这一页不在您的职责或地区范围内。", "This page is outside your role or region.")),
            _ => (Text.T("出错了", "Something went wrong"), Text.T("请稍后再试；问题持续时请联系管理员。", "Please try again later; tell the administrator if it persists.")),
        };
    }
}
