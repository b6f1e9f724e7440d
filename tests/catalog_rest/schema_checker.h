// A small JSON Schema checker for the OpenAPI conformance test: the subset of
// JSON Schema 2020-12 the catalogue's document uses ($ref to local
// components, type (one or a list), enum, const, required, properties,
// additionalProperties: false, minProperties, items, maxItems, minLength,
// pattern, minimum, maximum, allOf, anyOf, oneOf, not). Keywords it does not
// know are ignored, so it never rejects a valid value; it may miss a
// constraint such as multipleOf.
#pragma once

#include <boost/json.hpp>
#include <string>
#include <vector>

namespace parfumerie::catalog::rest {

class SchemaChecker {
 public:
  // `document` is the whole OpenAPI document; it must outlive the checker.
  explicit SchemaChecker(const boost::json::value& document) : document_(document) {}

  // Problems of `value` against `schema`, each prefixed with its JSON path
  // ("$.items[0].prix: expected number"). Empty when `value` conforms.
  std::vector<std::string> Check(const boost::json::value& schema,
                                 const boost::json::value& value) const;

  // Follows "$ref": "#/a/b" pointers (repeatedly) inside the document.
  const boost::json::value& Resolve(const boost::json::value& maybe_ref) const;

 private:
  void CheckAt(const boost::json::value& schema, const boost::json::value& value,
               const std::string& where, std::vector<std::string>& errors) const;

  const boost::json::value& document_;
};

}  // namespace parfumerie::catalog::rest
