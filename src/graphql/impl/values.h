// Input and output coercion of values (spec sections 3.5, 3.10, 5.6, 6.1.2)
// with graphql-js's semantics. Coerced values are Boost.JSON values: enums
// as their names, IDs as strings, input objects with keys in definition order.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "graphql/ast.h"
#include "graphql/error.h"
#include "graphql/schema.h"

namespace parfumerie::graphql::impl {

// JSON.stringify / String() of a JS number.
void AppendJsNumber(double value, std::string& out);
// AppendJsNumber()'s output for the common values (magnitude below 1e9, at
// most four decimals), written to `buf`; returns its length, or 0 when
// `value` is not such a value.
constexpr size_t kShortJsNumberMax = 32;
size_t FormatShortJsNumber(double value, char* buf);
// The same text, empty when not such a value; valid until the thread's next
// call.
std::string_view ShortJsNumber(double value);
std::string JsNumber(double value);

// A short rendering of a value for messages, like graphql-js inspect().
std::string Inspect(const boost::json::value& value);

// Serialises JSON as JSON.stringify would (numbers formatted as JS does).
void AppendJson(const boost::json::value& value, std::string& out);

// valueFromAST(): coerces a literal; nullopt when invalid. `variables` are
// already coerced; null means "no variables".
std::optional<boost::json::value> ValueFromAst(const ast::Value& literal, const TypeRef& type,
                                               const boost::json::object* variables);

// valueFromASTUntyped(), for custom scalars.
std::optional<boost::json::value> ValueFromAstUntyped(const ast::Value& literal,
                                                      const boost::json::object* variables);

// coerceInputValue(): coerces a JSON input (a variable's value). Each problem
// calls `on_error(path, message)`; the result is meaningful only without errors.
using InputErrorFn = std::function<void(const std::vector<PathElement>& path, const std::string& message)>;
boost::json::value CoerceInputValue(const boost::json::value& input, const TypeRef& type, const InputErrorFn& on_error);

// Serialises a leaf value for output into JSON text; false with `error` set when
// the value cannot be represented.
bool SerializeLeaf(const Type& type, const boost::json::value& value, std::string& out, std::string& error);

// Whether a literal would be accepted by the leaf type's parseLiteral; `error`
// gets graphql-js's reason when it is not.
bool IsValidLeafLiteral(const Type& type, const ast::Value& literal, std::string& error);

// astFromValue() + print(): the default value as introspection shows it.
std::optional<std::string> PrintDefaultValue(const boost::json::value& value, const TypeRef& type);

// print() of a literal.
std::string PrintLiteral(const ast::Value& literal);
void AppendGraphqlString(std::string_view text, std::string& out);
// printBlockString(): the value as a  block, as graphql-js prints it.
std::string PrintBlockString(const std::string& value);

}  // namespace parfumerie::graphql::impl
