using System.Reflection;
using System.Text;

namespace Orleans.Lse.Service.Tests.Contracts;

/// <summary>
/// A text rendering of everything that crosses a grain boundary or sits in storage: serializable types (alias, field
/// ids, names, types), enums (names and values) and grain interfaces (alias, method aliases and signatures).
/// </summary>
public static class ContractShape
{
    public static string Render(params Assembly[] assemblies)
    {
        var text = new StringBuilder();
        var types = assemblies.SelectMany(a => a.GetTypes()).Where(t => t.Namespace?.StartsWith("Orleans.Lse", StringComparison.Ordinal) == true)
            .OrderBy(t => t.FullName, StringComparer.Ordinal);
        foreach (var type in types)
        {
            var alias = type.GetCustomAttribute<AliasAttribute>()?.Alias;
            if (type.IsInterface && typeof(IAddressable).IsAssignableFrom(type))
            {
                text.AppendLine($"grain {type.FullName} alias={alias}");
                foreach (var method in type.GetMethods().OrderBy(m => m.Name, StringComparer.Ordinal))
                {
                    var parameters = string.Join(", ", method.GetParameters().Select(p => $"{Name(p.ParameterType)} {p.Name}"));
                    text.AppendLine($"  {Name(method.ReturnType)} {method.Name}({parameters}) alias={method.GetCustomAttribute<AliasAttribute>()?.Alias}");
                }
            }
            else if (type.GetCustomAttribute<GenerateSerializerAttribute>() is not null)
            {
                if (type.IsEnum)
                {
                    text.AppendLine($"enum {type.FullName} alias={alias}: {string.Join(", ", Enum.GetNames(type).Select(n => $"{n}={Convert.ToInt64(Enum.Parse(type, n), System.Globalization.CultureInfo.InvariantCulture)}"))}");
                    continue;
                }

                text.AppendLine($"type {type.FullName} alias={alias}");
                var members = type.GetMembers(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
                    .Select(m => (Member: m, Id: m.GetCustomAttribute<IdAttribute>()))
                    .Where(m => m.Id is not null && m.Member is PropertyInfo or FieldInfo)
                    .OrderBy(m => m.Id!.Id);
                foreach (var (member, id) in members)
                {
                    var memberType = member is PropertyInfo p ? p.PropertyType : ((FieldInfo)member).FieldType;
                    text.AppendLine($"  [{id!.Id}] {Name(memberType)} {member.Name}");
                }
            }
        }

        return text.ToString();
    }

    private static string Name(Type type) => type.IsGenericType
        ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(Name))}>"
        : type.IsArray ? Name(type.GetElementType()!) + "[]" : type.Name;
}
