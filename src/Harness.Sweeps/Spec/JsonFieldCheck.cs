using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Harness.Sweeps;

/// <summary>
/// Checks a JSON object against the record it will be read into, before System.Text.Json sees it, so a config or
/// experiment file gets every problem at once in the user's words instead of the first converter exception
/// ("could not be converted to System.Nullable`1[System.Int32]"). Each problem names the JSON path, the value and
/// what is allowed; an unknown field gets the nearest field name. Field names and types come from the serializer's
/// own contract (<see cref="JsonSerializerOptions.GetTypeInfo"/>), so new record fields are checked with no change here.
/// </summary>
public static class JsonFieldCheck
{
    /// <summary>
    /// The problems of <paramref name="element"/> read as <paramref name="type"/> under <paramref name="options"/>;
    /// empty when it deserializes. <paramref name="path"/> prefixes every message ("base", "dataset", or "" for the
    /// root). <paramref name="allowedValues"/> narrows enum fields by path relative to the root object
    /// ("activation" -> the MLP activations); <paramref name="extraFields"/> are names the caller reads itself.
    /// </summary>
    public static IReadOnlyList<string> Problems(JsonElement element, Type type, JsonSerializerOptions options, string path,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? allowedValues = null, IReadOnlyCollection<string>? extraFields = null)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        new Walker(options, allowedValues ?? new Dictionary<string, IReadOnlyList<string>>(), problems, path)
            .Object(element, type, path, "", extraFields ?? []);
        return problems;
    }

    private sealed class Walker(JsonSerializerOptions options, IReadOnlyDictionary<string, IReadOnlyList<string>> allowedValues,
        List<string> problems, string rootPath)
    {
        public void Object(JsonElement element, Type type, string path, string relative, IReadOnlyCollection<string> extra)
        {
            var info = options.GetTypeInfo(type);
            var fields = info.Properties.Where(p => p.Set is not null).ToDictionary(p => p.Name, StringComparer.Ordinal);
            var names = fields.Keys.Concat(extra).ToList();
            if (element.ValueKind != JsonValueKind.Object)
            {
                Add(path, $"{Show(element)} is not allowed; expected an object with the fields {string.Join(", ", names)}");
                return;
            }
            foreach (var p in element.EnumerateObject())
            {
                var at = Join(path, p.Name);
                if (extra.Contains(p.Name)) continue;
                if (!fields.TryGetValue(p.Name, out var field))
                {
                    Add(at, $"unknown field{NearestName.Hint(p.Name, names)}; allowed: {string.Join(", ", names)}");
                    continue;
                }
                Value(p.Value, field.PropertyType, at, Join(relative, p.Name));
            }
        }

        private void Value(JsonElement v, Type type, string path, string relative)
        {
            var inner = Nullable.GetUnderlyingType(type);
            if (v.ValueKind == JsonValueKind.Null)
            {
                if (inner is null && type.IsValueType) Add(path, $"null is not allowed; expected {Expected(type, relative)}");
                return;
            }
            type = inner ?? type;
            if (type == typeof(int) || type == typeof(long))
            {
                bool ok = v.ValueKind == JsonValueKind.Number && (type == typeof(int) ? v.TryGetInt32(out _) : v.TryGetInt64(out _));
                if (!ok) Add(path, $"{Show(v)} is not allowed; expected {Expected(type, relative)}");
            }
            else if (type == typeof(double) || type == typeof(float))
            {
                if (v.ValueKind != JsonValueKind.Number) Add(path, $"{Show(v)} is not allowed; expected {Expected(type, relative)}");
            }
            else if (type == typeof(bool))
            {
                if (v.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) Add(path, $"{Show(v)} is not allowed; expected true or false");
            }
            else if (type == typeof(string))
            {
                if (v.ValueKind != JsonValueKind.String) Add(path, $"{Show(v)} is not allowed; expected a string");
            }
            else if (type.IsEnum)
            {
                var allowed = Allowed(type, relative);
                if (v.ValueKind != JsonValueKind.String || !allowed.Contains(v.GetString()!))
                {
                    var hint = v.ValueKind == JsonValueKind.String ? NearestName.Hint(v.GetString()!, allowed) : "";
                    Add(path, $"{Show(v)} is not allowed{hint}; allowed: {string.Join(", ", allowed)}");
                }
            }
            else if (type.IsArray)
            {
                if (v.ValueKind != JsonValueKind.Array)
                {
                    Add(path, $"{Show(v)} is not allowed; expected {Expected(type, relative)}");
                    return;
                }
                int i = 0;
                foreach (var item in v.EnumerateArray()) Value(item, type.GetElementType()!, $"{path}[{i++}]", relative);
            }
            else if (options.GetTypeInfo(type).Kind == JsonTypeInfoKind.Object)
                Object(v, type, path, relative, []);
            // Other shapes (dictionaries, custom converters) are left to the serializer.
        }

        private string Expected(Type type, string relative)
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            if (type == typeof(int)) return "an integer";
            if (type == typeof(long)) return "an integer";
            if (type == typeof(double) || type == typeof(float)) return "a number";
            if (type == typeof(bool)) return "true or false";
            if (type == typeof(string)) return "a string";
            if (type.IsEnum) return "one of " + string.Join(", ", Allowed(type, relative));
            if (type.IsArray) return $"a list of {Plural(Expected(type.GetElementType()!, relative))}, e.g. [100, 50]";
            return "an object";
        }

        private static string Plural(string one) => one switch
        {
            "an integer" => "integers",
            "a number" => "numbers",
            "a string" => "strings",
            _ => one,
        };

        private IReadOnlyList<string> Allowed(Type enumType, string relative) =>
            allowedValues.TryGetValue(relative, out var names) ? names : EnumNames(enumType);

        private static IReadOnlyList<string> EnumNames(Type enumType) =>
            [.. Enum.GetNames(enumType).Select(JsonNamingPolicy.SnakeCaseLower.ConvertName)];

        private void Add(string path, string message) =>
            problems.Add($"{(path.Length == 0 ? rootPath.Length == 0 ? "(root)" : rootPath : path)}: {message}");
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    /// <summary>The value as compact JSON, cut to 60 characters.</summary>
    public static string Show(JsonElement el)
    {
        var text = JsonNode.Parse(el.GetRawText())?.ToJsonString() ?? "null";
        return text.Length > 60 ? text[..57] + "..." : text;
    }
}
