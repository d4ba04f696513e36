using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Assessment.Host.Tests.Infrastructure;
using FluentAssertions;
using static Assessment.Host.Tests.Infrastructure.ProblemsFixture;

namespace Assessment.Host.Tests;

/// <summary>
/// Evidence files (domain.md: photos and scans up to 10 MiB, recognised by their content): stored in
/// blob storage before the problem points at them, returned byte for byte to users in scope only.
/// </summary>
public class ProblemEvidenceTests(ProblemsFixture service) : IClassFixture<ProblemsFixture>
{
    /// <summary>A small valid baseline JPEG: SOI, a JFIF APP0 segment, a comment, EOI.</summary>
    public static byte[] Jpeg()
    {
        byte[] app0 = [0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00];
        var comment = Encoding.UTF8.GetBytes("整改现场照片");
        byte[] com = [0xFF, 0xFE, 0x00, (byte)(comment.Length + 2), .. comment];
        return [0xFF, 0xD8, .. app0, .. com, 0xFF, 0xD9];
    }

    /// <summary>A one-page PDF with a correct cross-reference table.</summary>
    public static byte[] Pdf()
    {
        var objects = new[]
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        };
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(Encoding.ASCII.GetByteCount(pdf.ToString()));
            pdf.Append($"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        var xref = Encoding.ASCII.GetByteCount(pdf.ToString());
        pdf.Append($"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var o in offsets) pdf.Append($"{o:D10} 00000 n \n");
        pdf.Append($"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }

    public static HttpContent File(byte[] bytes, string contentType) => new ByteArrayContent(bytes) { Headers = { ContentType = new(contentType) } };

    [Fact]
    public async Task A_JPEG_and_a_PDF_come_back_byte_for_byte_with_their_SHA_256()
    {
        using var county = await service.ClientAsAsync("county");
        var id = await RecordAsync(county, Province.VillageA);
        var jpeg = Jpeg();
        var pdf = Pdf();

        var photo = await (await county.PostAsync($"/api/problems/{id}/attachments?name=现场.jpg", File(jpeg, "image/jpeg"))).ShouldBeOkAsync(HttpStatusCode.Created);
        photo.GetProperty("n").GetInt32().Should().Be(1);
        photo.GetProperty("name").GetString().Should().Be("现场.jpg");
        photo.GetProperty("contentType").GetString().Should().Be("image/jpeg");
        photo.GetProperty("bytes").GetInt64().Should().Be(jpeg.Length);
        photo.GetProperty("sha256").GetString().Should().Be(Convert.ToHexStringLower(SHA256.HashData(jpeg)));
        var scan = await (await county.PostAsync($"/api/problems/{id}/attachments?name=scan.pdf", File(pdf, "application/pdf"))).ShouldBeOkAsync(HttpStatusCode.Created);
        scan.GetProperty("n").GetInt32().Should().Be(2);

        using var city = await service.ClientAsAsync("city"); // any user in scope reads them
        var back = await city.GetAsync($"/api/problems/{id}/attachments/1");
        back.StatusCode.Should().Be(HttpStatusCode.OK);
        back.Content.Headers.ContentType!.MediaType.Should().Be("image/jpeg");
        (await back.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken)).Should().Equal(jpeg);
        (await (await city.GetAsync($"/api/problems/{id}/attachments/2")).Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken)).Should().Equal(pdf);

        var problem = await GetAsync(county, id);
        problem.GetProperty("attachments").EnumerateArray().Select(a => (a.GetProperty("n").GetInt32(), a.GetProperty("name").GetString(), a.GetProperty("sha256").GetString()))
            .Should().Equal((1, "现场.jpg", Convert.ToHexStringLower(SHA256.HashData(jpeg))), (2, "scan.pdf", Convert.ToHexStringLower(SHA256.HashData(pdf))));
        await (await city.GetAsync($"/api/problems/{id}/attachments/3")).ShouldBeProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Content_not_what_it_says_is_415_over_10_MiB_is_413_and_another_county_is_403()
    {
        using var county = await service.ClientAsAsync("county");
        var id = await RecordAsync(county, Province.VillageA);

        await (await county.PostAsync($"/api/problems/{id}/attachments?name=notes.png", File(Encoding.UTF8.GetBytes("这不是图片"), "image/png")))
            .ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);
        await (await county.PostAsync($"/api/problems/{id}/attachments?name=photo.pdf", File(Jpeg(), "application/pdf")))
            .ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);
        await (await county.PostAsync($"/api/problems/{id}/attachments?name=notes.txt", File(Encoding.UTF8.GetBytes("text"), "text/plain")))
            .ShouldBeProblemAsync(HttpStatusCode.UnsupportedMediaType);

        const int MiB = 1024 * 1024;
        var tooLarge = new byte[10 * MiB + 1];
        "%PDF-1.4\n"u8.CopyTo(tooLarge);
        await (await county.PostAsync($"/api/problems/{id}/attachments?name=big.pdf", File(tooLarge, "application/pdf"))).ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        var largest = tooLarge.AsSpan(0, 10 * MiB).ToArray();
        var accepted = await (await county.PostAsync($"/api/problems/{id}/attachments?name=largest.pdf", File(largest, "application/pdf"))).ShouldBeOkAsync(HttpStatusCode.Created);
        accepted.GetProperty("bytes").GetInt64().Should().Be(10 * MiB);
        accepted.GetProperty("n").GetInt32().Should().Be(1, "the refused files were never attached");

        using var countyB = await service.ClientAsAsync("countyb");
        await (await countyB.GetAsync($"/api/problems/{id}/attachments/1")).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        await (await countyB.PostAsync($"/api/problems/{id}/attachments?name=x.jpg", File(Jpeg(), "image/jpeg"))).ShouldBeProblemAsync(HttpStatusCode.Forbidden);
        (await GetAsync(county, id)).GetProperty("attachments").GetArrayLength().Should().Be(1);
    }

    [Fact]
    public async Task An_attached_file_survives_kill_9_of_the_host_right_after_its_201()
    {
        await using var host = new ProcessHost();
        await host.StartAsync();
        using (var admin = await host.ClientAsAsync("admin", TestHost.AdminPassword))
        {
            (await admin.PostAsync("/api/regions:import", Province.CsvContent(Province.Csv))).StatusCode.Should().Be(HttpStatusCode.OK);
            (await admin.PostAsJsonAsync("/api/users", new { username = "county", password = Password, role = "county", regionCode = Province.CountyA }))
                .StatusCode.Should().Be(HttpStatusCode.Created);
        }
        var pdf = Pdf();
        string id;
        using (var county = await host.ClientAsAsync("county", Password))
        {
            id = await RecordAsync(county, Province.VillageA);
            await (await county.PostAsync($"/api/problems/{id}/attachments?name=scan.pdf", File(pdf, "application/pdf"))).ShouldBeOkAsync(HttpStatusCode.Created);
        }
        await host.KillAsync(); // right after the acknowledgement

        await using var restarted = host.Restarted();
        await restarted.StartAsync();
        using var again = await restarted.ClientAsAsync("county", Password);
        (await GetAsync(again, id)).GetProperty("attachments").GetArrayLength().Should().Be(1);
        (await (await again.GetAsync($"/api/problems/{id}/attachments/1")).Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken)).Should().Equal(pdf);
    }
}
