using Assessment.Host.Tests.Infrastructure;
using FluentAssertions;
using Microsoft.Playwright;

namespace Assessment.Host.Tests.Pages;

/// <summary>Sign-in, the home page per role, the language switch and the guard, in a real browser.</summary>
[Collection(WebCollection.Name)]
public sealed class SignInPageTests(WebFixture web)
{
    [Theory]
    [InlineData("admin", "系统管理员")]
    [InlineData("prov", "省委组织部")]
    [InlineData("city", "市委组织部")]
    [InlineData("county", "县级组织部门")]
    [InlineData("judge", "评委")]
    public async Task Each_role_signs_in_and_sees_its_home_page(string username, string roleName)
    {
        var page = await web.SignedInAsync(username);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "今日待办" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("header .user")).ToContainTextAsync(username + " · " + roleName);
        await page.ShouldBeAccessibleAsync();
        if (username == "prov") await page.ScreenshotAsync("home-province");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_wrong_password_is_refused_on_the_page_and_a_page_needs_sign_in()
    {
        var page = await web.NewPageAsync();
        await page.GotoAsync("/");
        page.Url.Should().Contain("/signin", "a page needs a signed-in user");
        await page.ShouldBeAccessibleAsync();
        await page.ScreenshotAsync("signin");

        await page.GetByLabel("用户名").FillAsync("county");
        await page.GetByLabel("密码").FillAsync("not-the-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("用户名或密码错误。");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_language_switch_turns_the_page_into_English_and_back()
    {
        var page = await web.SignedInAsync("county");
        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Today" })).ToBeVisibleAsync();
        (await page.Locator("html").GetAttributeAsync("lang")).Should().Be("en");
        await page.GetByRole(AriaRole.Link, new() { Name = "中文" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "今日待办" })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        var page = await web.SignedInAsync("city");
        await page.GetByRole(AriaRole.Button, new() { Name = "退出" }).ClickAsync();
        await page.WaitForURLAsync("**/signin");
        await page.GotoAsync("/");
        page.Url.Should().Contain("/signin");
        await page.Context.CloseAsync();
    }
}
