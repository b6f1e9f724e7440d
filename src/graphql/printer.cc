#include "graphql/printer.h"

#include <vector>

#include "graphql/impl/values.h"

namespace parfumerie::graphql {
namespace {

bool PrintableAsBlockString(const std::string& value) {
  if (value.empty()) return true;
  bool empty_line = true, has_indent = false, common_indent = true, seen_non_empty = false;
  for (unsigned char c : value) {
    if (c == '\r' || (c < 0x20 && c != '\n' && c != '\t')) return false;
    if (c == '\n') {
      if (empty_line && !seen_non_empty) return false;
      seen_non_empty = true;
      empty_line = true;
      has_indent = false;
    } else if (c == '\t' || c == ' ') {
      has_indent = has_indent || empty_line;
    } else {
      common_indent = common_indent && has_indent;
      empty_line = false;
    }
  }
  if (empty_line) return false;
  if (common_indent && seen_non_empty) return false;
  return true;
}

std::string Description(bool has, const std::string& text, const std::string& indentation = "", bool first = true) {
  if (!has) return "";
  std::string printed;
  if (PrintableAsBlockString(text)) {
    printed = impl::PrintBlockString(text);
  } else {
    impl::AppendGraphqlString(text, printed);
  }
  std::string prefix = !indentation.empty() && !first ? "\n" + indentation : indentation;
  std::string out = prefix;
  for (char c : printed) {
    out.push_back(c);
    if (c == '\n') out += indentation;
  }
  return out + "\n";
}

std::string Deprecated(bool deprecated, const std::string& reason) {
  if (!deprecated) return "";
  if (reason == "No longer supported") return " @deprecated";
  std::string out = " @deprecated(reason: ";
  impl::AppendGraphqlString(reason, out);
  return out + ")";
}

std::string InputValueText(const InputValue& v) {
  std::string out = v.name + ": " + v.type->ToString();
  if (v.default_value) {
    auto printed = impl::PrintDefaultValue(*v.default_value, *v.type);
    if (printed) out += " = " + *printed;
  }
  return out + Deprecated(v.deprecated, v.deprecation_reason);
}

std::string Args(const std::vector<InputValue>& args, const std::string& indentation = "") {
  if (args.empty()) return "";
  bool any_description = false;
  for (const auto& a : args) any_description |= a.has_description;
  std::string out = "(";
  if (!any_description) {
    for (size_t i = 0; i < args.size(); ++i) out += (i ? ", " : "") + InputValueText(args[i]);
    return out + ")";
  }
  out += "\n";
  for (size_t i = 0; i < args.size(); ++i) {
    if (i) out += "\n";
    out += Description(args[i].has_description, args[i].description, "  " + indentation, i == 0) + "  " +
           indentation + InputValueText(args[i]);
  }
  return out + "\n" + indentation + ")";
}

std::string Block(const std::vector<std::string>& items) {
  if (items.empty()) return "";
  std::string out = " {\n";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? "\n" : "") + items[i];
  return out + "\n}";
}

std::string Interfaces(const Type& t) {
  if (t.interfaces.empty()) return "";
  std::string out = " implements ";
  for (size_t i = 0; i < t.interfaces.size(); ++i) out += (i ? " & " : "") + t.interfaces[i]->name;
  return out;
}

std::string Fields(const Type& t) {
  std::vector<std::string> items;
  for (size_t i = 0; i < t.fields.size(); ++i) {
    const Field& f = t.fields[i];
    items.push_back(Description(f.has_description, f.description, "  ", i == 0) + "  " + f.name + Args(f.arguments, "  ") +
                    ": " + f.type->ToString() + Deprecated(f.deprecated, f.deprecation_reason));
  }
  return Block(items);
}

std::string TypeText(const Type& t) {
  std::string out = Description(t.has_description, t.description);
  switch (t.kind) {
    case TypeKind::kScalar:
      out += "scalar " + t.name;
      if (!t.specified_by_url.empty()) {
        out += " @specifiedBy(url: ";
        impl::AppendGraphqlString(t.specified_by_url, out);
        out += ")";
      }
      return out;
    case TypeKind::kObject:
      return out + "type " + t.name + Interfaces(t) + Fields(t);
    case TypeKind::kInterface:
      return out + "interface " + t.name + Interfaces(t) + Fields(t);
    case TypeKind::kUnion: {
      out += "union " + t.name;
      for (size_t i = 0; i < t.possible_types.size(); ++i) out += (i ? " | " : " = ") + t.possible_types[i]->name;
      return out;
    }
    case TypeKind::kEnum: {
      std::vector<std::string> items;
      for (size_t i = 0; i < t.enum_values.size(); ++i) {
        const EnumValue& v = t.enum_values[i];
        items.push_back(Description(v.has_description, v.description, "  ", i == 0) + "  " + v.name +
                        Deprecated(v.deprecated, v.deprecation_reason));
      }
      return out + "enum " + t.name + Block(items);
    }
    case TypeKind::kInputObject: {
      std::vector<std::string> items;
      for (size_t i = 0; i < t.input_fields.size(); ++i) {
        const InputValue& f = t.input_fields[i];
        items.push_back(Description(f.has_description, f.description, "  ", i == 0) + "  " + InputValueText(f));
      }
      return out + "input " + t.name + (t.one_of ? " @oneOf" : "") + Block(items);
    }
  }
  return out;
}

std::string SchemaDefinition(const Schema& schema) {
  const Type* q = schema.query_type();
  const Type* m = schema.mutation_type();
  const Type* s = schema.subscription_type();
  bool common = (!q || q->name == "Query") && (!m || m->name == "Mutation") && (!s || s->name == "Subscription");
  if (!schema.has_description() && common) return "";
  std::string out = Description(schema.has_description(), schema.description()) + "schema {\n";
  std::vector<std::string> lines;
  if (q) lines.push_back("  query: " + q->name);
  if (m) lines.push_back("  mutation: " + m->name);
  if (s) lines.push_back("  subscription: " + s->name);
  for (size_t i = 0; i < lines.size(); ++i) out += (i ? "\n" : "") + lines[i];
  return out + "\n}";
}

}  // namespace

std::string PrintSchema(const Schema& schema) {
  std::vector<std::string> parts;
  std::string def = SchemaDefinition(schema);
  if (!def.empty()) parts.push_back(def);
  for (const DirectiveDefinition* d : schema.directives()) {
    if (d->builtin) continue;
    std::string text = Description(d->has_description, d->description) + "directive @" + d->name + Args(d->arguments) +
                       (d->repeatable ? " repeatable" : "") + " on ";
    for (size_t i = 0; i < d->locations.size(); ++i) text += (i ? " | " : "") + d->locations[i];
    parts.push_back(text);
  }
  for (const Type* t : schema.types()) {
    if (t->builtin) continue;
    parts.push_back(TypeText(*t));
  }
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? "\n\n" : "") + parts[i];
  return out;
}

}  // namespace parfumerie::graphql
