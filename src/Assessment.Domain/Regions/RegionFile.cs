using System.Globalization;
using Assessment.Domain.Csv;

namespace Assessment.Domain.Regions;

/// <summary>One region of an import file, checked on its own.</summary>
public sealed record RegionRecord(int Row, DivisionCode Code, string Name, string? Secretary, int? Members)
{
    public RegionLevel Level => Code.Level;
}

/// <summary>
/// The region file (<c>code,name,level,parentCode[,secretary,members]</c>) and its rules. A file is
/// taken whole or not at all, so every row is checked and every bad row reported at once.
/// </summary>
public static class RegionFile
{
    public const int MaxNameLength = 64;
    public static readonly string[] RequiredColumns = ["code", "name", "level", "parentCode"];
    public static readonly string[] OptionalColumns = ["secretary", "members"];

    public sealed record Result(IReadOnlyList<RegionRecord> Records, IReadOnlyList<ValidationError> Errors);

    /// <summary>Checks each row on its own and across the file; parents outside the file are left to <see cref="CheckStoredParents"/>.</summary>
    public static Result Read(CsvTable table)
    {
        var col = table.Columns(RequiredColumns, OptionalColumns);
        var errors = new List<ValidationError>();
        var records = new List<RegionRecord>();
        var firstRowOf = new Dictionary<string, int>();

        foreach (var row in table.Rows)
        {
            var before = errors.Count;
            void Fail(string column, string message) => errors.Add(new ValidationError(message, row.Number, column));

            var codeText = row[col["code"]].Trim();
            DivisionCode? code = null;
            if (!DivisionCode.TryParse(codeText, out var parsed, out var reason)) Fail("code", reason!);
            else code = parsed;

            var name = row[col["name"]].Trim();
            if (name.Length == 0) Fail("name", "the name is empty");
            else if (TextLength(name) > MaxNameLength) Fail("name", $"the name has {TextLength(name)} characters; at most {MaxNameLength} are allowed");

            var levelText = row[col["level"]].Trim();
            if (!RegionLevels.TryParse(levelText, out var level))
            {
                Fail("level", $"'{levelText}' is not a level; use province, city, county, township or village");
            }
            else if (code is { } c1 && c1.Level != level)
            {
                Fail("level", $"{c1} is a {c1.Level.ToWire()} code, not a {level.ToWire()}: a {level.ToWire()} sits at the wrong level here");
            }

            var parentText = row[col["parentCode"]].Trim();
            if (code is { } c2)
            {
                var expected = c2.Parent;
                if (expected is null && parentText.Length > 0)
                    Fail("parentCode", $"{c2} is a province; its parentCode must be empty");
                else if (expected is { } p && parentText.Length == 0)
                    Fail("parentCode", $"a {c2.Level.ToWire()} needs a parentCode; {c2}'s parent is {p}");
                else if (expected is { } p2 && parentText != p2.Value)
                    Fail("parentCode", DivisionCode.IsValid(parentText)
                        ? $"{parentText} cannot be the parent of {c2}: a {c2.Level.ToWire()}'s parent is the {(c2.Level - 1).ToWire()} {p2}"
                        : $"'{parentText}' is not a division code: it must be exactly 12 digits");
            }

            var secretary = col.TryGetValue("secretary", out var si) ? row[si].Trim() : "";
            var membersText = col.TryGetValue("members", out var mi) ? row[mi].Trim() : "";
            int? members = null;
            if (code is { Level: not RegionLevel.Village } && (secretary.Length > 0 || membersText.Length > 0))
            {
                Fail(secretary.Length > 0 ? "secretary" : "members", "only villages have a secretary and a member count");
            }
            if (TextLength(secretary) > MaxNameLength) Fail("secretary", $"the secretary's name has {TextLength(secretary)} characters; at most {MaxNameLength} are allowed");
            if (membersText.Length > 0)
            {
                if (int.TryParse(membersText, NumberStyles.None, CultureInfo.InvariantCulture, out var m)) members = m;
                else Fail("members", $"'{membersText}' is not a member count: use a whole number, 0 or more");
            }

            if (code is { } c3)
            {
                if (firstRowOf.TryGetValue(c3.Value, out var first)) Fail("code", $"{c3} appears twice in the file (first in row {first})");
                else firstRowOf[c3.Value] = row.Number;
            }

            if (errors.Count == before && code is { } ok)
            {
                records.Add(new RegionRecord(row.Number, ok, name, secretary.Length > 0 ? secretary : null, members));
            }
        }

        // A parent in the same file must be valid itself; one outside it is checked against storage.
        var inFile = records.Select(r => r.Code.Value).ToHashSet();
        var rejected = firstRowOf.Keys.Where(k => !inFile.Contains(k)).ToHashSet();
        foreach (var r in records)
        {
            if (r.Code.Parent is { } p && rejected.Contains(p.Value))
            {
                errors.Add(new ValidationError($"the parent {p} is in this file but its own row is invalid", r.Row, "parentCode"));
            }
        }
        return new Result(records, errors.OrderBy(e => e.Row).ToList());
    }

    /// <summary>The parents the file relies on without containing them: these must already be stored.</summary>
    public static IReadOnlyList<DivisionCode> ParentsOutsideFile(IReadOnlyList<RegionRecord> records)
    {
        var inFile = records.Select(r => r.Code.Value).ToHashSet();
        return records.Select(r => r.Code.Parent).OfType<DivisionCode>().Where(p => !inFile.Contains(p.Value)).Distinct().ToList();
    }

    public static IReadOnlyList<ValidationError> CheckStoredParents(IReadOnlyList<RegionRecord> records, IReadOnlySet<string> storedCodes)
    {
        var inFile = records.Select(r => r.Code.Value).ToHashSet();
        return records
            .Where(r => r.Code.Parent is { } p && !inFile.Contains(p.Value) && !storedCodes.Contains(p.Value))
            .Select(r => new ValidationError($"the parent {r.Code.Parent} is unknown: it is neither in this file nor already stored", r.Row, "parentCode"))
            .ToList();
    }

    private static int TextLength(string s) => new StringInfo(s).LengthInTextElements;
}
