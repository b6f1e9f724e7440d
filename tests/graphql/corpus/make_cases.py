#!/usr/bin/env python3
"""Writes the conformance cases of tests/graphql/corpus/cases/.

Each case is a GraphQL document with header comments (schema, root,
variables, operation); its expected result is produced by graphql-js
(tests/graphql/oracle/check.mjs --update), never by hand. Run this script
after editing the tables below, then regenerate the golden files.
"""
import json
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = os.path.join(HERE, "cases")

groups = {}


def case(group, name, query, variables=None, operation=None, schema=None, root=None, note=None):
    groups.setdefault(group, []).append((name, query, variables, operation, schema, root, note))


# --- execution: selections, fragments, aliases, __typename ------------------------
E = "execution"
case(E, "scalars", "{ count ratio flag label status today config }")
case(E, "aliases-keep-selection-order", "{ b: count a: label count c: flag }")
case(E, "typename-everywhere", "{ __typename product(id: 1) { __typename brand { __typename } } search { __typename } }")
case(E, "nested-object", "{ product(id: 1) { id name price tags brand { id name country } ratings stock status } }")
case(E, "list-of-objects", "{ products { id name price brand { name } } }")
case(E, "fragment-spread", "{ product(id: 1) { ...P } } fragment P on Product { id name }")
case(E, "fragment-merging-order", "{ product(id: 1) { name ...P id } } fragment P on Product { id price name }")
case(E, "inline-fragment-no-condition", "{ product(id: 1) { ... { id } name } }")
case(E, "fragment-on-interface", "{ node(id: 1) { id ... on Named { name } ... on Brand { country } ... on Product { price } } }")
case(E, "fragment-on-union", "{ search { __typename ... on Product { name price } ... on Brand { name } ... on Review { stars } } }")
case(E, "union-via-interface-fragment", "{ search { ... on Node { id } ... on Named { name } } }")
case(E, "nested-fragments", "{ search { ...S } } fragment S on SearchResult { ... on Named { ...N } } fragment N on Named { name ... on Product { stock } }")
case(E, "same-field-twice-merged", "{ product(id: 1) { brand { id } brand { name } } }")
case(E, "fragment-spread-once-per-set", "{ product(id: 1) { ...P ...P } } fragment P on Product { id }")
case(E, "interface-lookup", "{ lookup(by: {id: 5}) { __typename id name ... on Product { stock } } }")
case(E, "related-default-arg", "{ product(id: 1) { related { name } } }")
case(E, "deep-nesting", "{ products { related { related { name } } brand { products { name } } } }")
case(E, "custom-scalar-json", "{ config echo today }")
case(E, "leaf-coercion-lists", "{ strings ids floats bools }")
case(E, "float-formatting", "{ products { price } ratio }")
case(E, "unicode-string", "{ label }")
case(E, "deprecated-fields-still-resolve", "{ product(id: 1) { legacy } viewer { email } }")
case(E, "no-root-value", "{ count product(id: 1) { id } }", root="none")
case(E, "query-keyword", "query { count }")
case(E, "named-query", "query Named { count }")
case(E, "operation-by-name", "query A { count } query B { label }", operation="B")
case(E, "operation-missing-name", "query A { count } query B { label }")
case(E, "operation-unknown-name", "query A { count }", operation="Z")
case(E, "mutation-serial", "mutation { third first setLabel(label: \"x\") }")
case(E, "mutation-non-null-error", "mutation { first second third }")
case(E, "subscription-as-query", "subscription { productAdded { id name } }")
case(E, "subscription-field-arg", "subscription S($id: ID) { priceChanged(id: $id) }", variables='{"id": 4}')
case(E, "many-aliases", "{ " + " ".join(f"a{i}: count" for i in range(30)) + " }")
case(E, "alias-of-typename", "{ t: __typename product(id: 1) { kind: __typename } }")
case(E, "introspection-typename-only", "{ __typename }")
case(E, "empty-root", "{ count }", root="empty")
case(E, "root-is-array", "{ count label }", root="array")

# --- null propagation -----------------------------------------------------------------
N = "nulls"
case(N, "non-null-root-field", "{ count mustHave label }")
case(N, "non-null-in-list", "{ strictList { id name } }")
case(N, "nullable-items", "{ nullableList { id name } }")
case(N, "nullable-items-non-null-child", "{ nullableList { id stock } }")
case(N, "deep-strict-list", "{ deepStrict }")
case(N, "non-null-missing-field", "{ products { id name stock brand { id name country } } }")
case(N, "error-in-sibling-stops-object", "{ nullableList { name stock id } }")
case(N, "int-serialize-error", "{ product(id: 1) { ratings } floats strings }")
case(N, "non-null-int-error", "{ search { ... on Review { stars } ... on Product { stock } } }")
case(N, "bubble-to-data", "{ mustHave }")
case(N, "bubble-through-non-null-chain", "{ products { related { name stock } } }")
case(N, "abstract-missing-typename", "{ node(id: 1) { id } }", root="bad")
case(N, "abstract-unknown-typename", "{ search { __typename } }", root="bad")
case(N, "abstract-not-possible", "{ lookup(by: {id: 1}) { id } }", root="bad")
case(N, "list-not-iterable", "{ products { id } strings }", root="bad")
case(N, "object-from-scalar", "{ product(id: 1) { id name } }", root="bad")
case(N, "enum-serialize-error", "{ status product(id: 1) { status } }", root="bad")
case(N, "string-from-object", "{ label }", root="bad")
case(N, "boolean-from-string", "{ flag }", root="bad")
case(N, "int-too-big", "{ count }", root="bad")
case(N, "id-from-float", "{ ids }", root="bad")
case(N, "errors-from-several-items", "{ nullableList { stock } }")
case(N, "aliases-in-error-path", "{ x: strictList { y: id z: name } }")

# --- variables and input coercion -------------------------------------------------------
V = "coercion"
def var(name, vtype, value, use="echo(i: $v)", default=None):
    d = f" = {default}" if default is not None else ""
    vars_text = "{}" if value == "ABSENT" else json.dumps({"v": None}) if value == "NULL" else None if value is None else json.dumps({"v": value})
    case(V, name, f"query Q($v: {vtype}{d}) {{ {use} }}", variables=vars_text)

var("int-ok", "Int", 5)
var("int-from-integral-float", "Int", 1.0)
var("int-fractional", "Int", 1.5)
var("int-too-large", "Int", 2147483648)
var("int-from-string", "Int", "5")
var("int-null", "Int", None)
var("int-explicit-null", "Int", "NULL")
var("float-from-int", "Float", 3, "echo(f: $v)")
var("float-from-string", "Float", "3.5", "echo(f: $v)")
var("string-ok", "String", "x", "echo(s: $v)")
var("string-from-number", "String", 7, "echo(s: $v)")
var("boolean-from-number", "Boolean", 1, "echo(b: $v)")
var("id-from-int", "ID", 7, "echo(id: $v)")
var("id-from-float", "ID", 7.5, "echo(id: $v)")
var("id-from-bool", "ID", True, "echo(id: $v)")
var("enum-ok", "Status", "ACTIVE", "echo(e: $v)")
var("enum-unknown", "Status", "NOPE", "echo(e: $v)")
var("enum-from-number", "Status", 1, "echo(e: $v)")
var("list-single-value", "[Int]", 5, "echo(list: $v)")
var("list-bad-item", "[Int]", [1, "x", 3], "echo(list: $v)")
var("list-null-item", "[Int!]", [1, None], "echo(strict: $v)")
var("nested-list-wrap", "[[Int]]", [1, None, 3], "echo(nested: $v)")
var("nested-list-bad", "[[Int]]", [[1], ["a"]], "echo(nested: $v)")
var("required-missing", "Int!", "ABSENT", "echo(i: $v)")
var("required-null", "Int!", "NULL", "echo(i: $v)")
var("required-with-default-absent", "Int!", "ABSENT", "echo(i: $v)", default="3")
var("nullable-default-in-non-null-position", "Int", "ABSENT", "echo(req: $v)", default="4")
var("input-object-ok", "ProductFilter", {"name": "a", "limit": 2}, "echo(filter: $v)")
var("input-object-missing-required-with-default", "ProductFilter", {"name": "a"}, "echo(filter: $v)")
var("input-object-unknown-field", "ProductFilter", {"nmae": "a"}, "echo(filter: $v)")
var("input-object-not-object", "ProductFilter", "x", "echo(filter: $v)")
var("input-object-nested-error", "ProductFilter", {"price": {"min": "cheap"}, "tags": ["a", None]}, "echo(filter: $v)")
var("input-object-deep-error", "ProductFilter", {"nested": {"nested": {"limit": "x"}}}, "echo(filter: $v)")
var("input-list-of-objects-error", "[ProductFilter!]", [{"limit": 1}, {"limit": "a"}, None], "echo(items: $v)")
var("oneof-ok", "ByKey", {"id": 1}, "echo(key: $v)")
var("oneof-two-keys", "ByKey", {"id": 1, "name": "x"}, "echo(key: $v)")
var("oneof-no-key", "ByKey", {}, "echo(key: $v)")
var("oneof-null-value", "ByKey", {"id": None}, "echo(key: $v)")
var("custom-scalar-any", "JSON", {"a": [1, {"b": None}]}, "echo(json: $v)")
var("date-scalar", "Date", "2020-01-01", "echo(date: $v)")
var("unused-absent-optional", "Int", "ABSENT", "echo(i: $v)")
case(V, "variables-not-object", "query Q($v: Int) { echo(i: $v) }", variables="[1, 2]")
case(V, "many-variable-errors", "query Q($a: Int, $b: Int!, $c: [Int], $d: Status) { echo(i: $a, req: $b, list: $c, e: $d) }", variables='{"a": "x", "c": ["y"], "d": 4}')
case(V, "default-of-variable-used", "query Q($v: ProductFilter = {name: \"n\"}) { echo(filter: $v) }")
case(V, "missing-variable-for-required-arg", "query Q($v: ID) { product(id: $v) { id } }", variables="{}")
case(V, "null-variable-for-required-arg", "query Q($v: ID) { product(id: $v) { id } }", variables='{"v": null}')
case(V, "object-field-variable-absent", "query Q($v: Float) { echo(filter: {price: {min: $v}}) }", variables="{}")
case(V, "list-item-variable-absent", "query Q($v: Int) { echo(list: [1, $v]) }", variables="{}")
case(V, "strict-list-item-variable-null", "query Q($v: Int) { echo(strict: [1, $v]) }", variables='{"v": null}')
case(V, "oneof-variable-null", "query Q($v: ID) { lookup(by: {id: $v}) { id } }", variables='{"v": null}')
case(V, "skip-variable-null-with-default", "query Q($v: Boolean = true) { count @skip(if: $v) label }", variables='{"v": null}')
case(V, "skip-include-variables", "query Q($s: Boolean!, $i: Boolean!) { a: count @skip(if: $s) b: count @include(if: $i) c: count @skip(if: $s) @include(if: $i) }", variables='{"s": false, "i": true}')
case(V, "skip-include-both", "{ a: count @skip(if: true) @include(if: true) b: count @skip(if: false) @include(if: false) c: count @skip(if: false) @include(if: true) }")
case(V, "skip-on-fragments", "query Q($no: Boolean!) { product(id: 1) { ...P @include(if: $no) ... on Product @skip(if: $no) { name } id } } fragment P on Product { price }", variables='{"no": false}')
case(V, "skip-nested-fragment", "{ product(id: 1) { ... @skip(if: true) { name } ... @include(if: true) { ... @skip(if: false) { id } } } }")
case(V, "literal-int-for-float", "{ echo(f: 1) }")
case(V, "literal-float-for-int", "{ echo(i: 1.0) }")
case(V, "literal-big-int", "{ echo(i: 2147483648) }")
case(V, "literal-quoted-enum", "{ echo(e: \"ACTIVE\") }")
case(V, "literal-int-for-id", "{ echo(id: 12) }")
case(V, "literal-float-for-id", "{ echo(id: 1.5) }")
case(V, "literal-object-missing-required", "{ echo(filter: {limit: null}) }")
case(V, "literal-list-for-scalar", "{ echo(i: [1]) }")
case(V, "literal-object-for-scalar", "{ echo(s: {a: 1}) }")
case(V, "literal-scalar-for-object", "{ echo(filter: 3) }")
case(V, "literal-null-for-required", "{ product(id: null) { id } }")
case(V, "literal-oneof-two", "{ lookup(by: {id: 1, name: \"x\"}) { id } }")
case(V, "literal-oneof-null", "{ lookup(by: {id: null}) { id } }")
case(V, "literal-oneof-nullable-var", "query Q($n: String) { lookup(by: {name: $n}) { id } }", variables='{"n": "a"}')
case(V, "literal-nested-unknown-field", "{ echo(filter: {price: {low: 1}}) }")
case(V, "literal-json-anything", "{ echo(json: {a: [1, 2.5, \"x\", ENUMISH, null, {b: true}]}) }")
case(V, "literal-enum-unknown", "{ echo(e: NOPE) }")
case(V, "literal-bool-for-string", "{ echo(s: true) }")
case(V, "variable-wrong-type-position", "query Q($v: String) { echo(i: $v) }", variables='{"v": "1"}')
case(V, "variable-list-in-item-position", "query Q($v: [Int]) { echo(list: [$v]) }", variables='{"v": [1]}')
case(V, "variable-non-null-default", "query Q($v: Int! = 3) { echo(i: $v) }", variables="{}")
case(V, "variable-directive-definition", "query Q($v: Int @tag(name: \"x\")) { echo(i: $v) }", variables='{"v": 1}')
case(V, "variable-default-invalid", "query Q($v: Int = \"x\") { echo(i: $v) }")
case(V, "variable-input-type-object", "query Q($v: Product) { count }")
case(V, "variable-unknown-type", "query Q($v: Nope) { echo(i: $v) }")
case(V, "deep-variable-object", "query Q($v: ProductFilter) { echo(filter: $v) }", variables=json.dumps({"v": {"nested": {"nested": {"nested": {"nested": {"limit": 1}}}}}}))

# --- every validation rule, valid and invalid ------------------------------------------
R = "validation"
rules = {
    "executable-definitions": ["{ count } type T { a: Int }", "{ count } schema { query: Query }", "{ count } extend type Query { x: Int }"],
    "unique-operation-names": ["query A { count } query A { label }", "query A { count } mutation A { first }", "query A { count } query B { label }"],
    "lone-anonymous": ["{ count } { label }", "{ count } query A { label }", "{ count }"],
    "single-field-subscriptions": ["subscription { productAdded { id } priceChanged }", "subscription S { __typename }", "subscription S { ...F } fragment F on Subscription { productAdded { id } priceChanged }", "subscription S { productAdded { id } }", "subscription { a: priceChanged b: priceChanged }"],
    "known-type-names": ["query Q($v: Nope) { count }", "{ product(id: 1) { ... on Nope { id } } }", "fragment F on Nope { id } { ...F }", "query Q($v: [Float!]) { count }", "query Q($v: Boolean) { count }"],
    "fragments-on-composite": ["{ product(id: 1) { ... on Float { x } } }", "fragment F on Status { a } { ...F }", "{ product(id: 1) { ... on Named { name } } }"],
    "variables-are-input-types": ["query Q($v: Product) { count }", "query Q($v: [SearchResult!]) { count }", "query Q($v: ProductFilter) { count }"],
    "scalar-leafs": ["{ product(id: 1) }", "{ count { x } }", "{ search }", "{ product(id: 1) { brand } }", "{ status { a } }"],
    "fields-on-correct-type": ["{ nope }", "{ product(id: 1) { nope } }", "{ search { name } }", "{ node(id: 1) { name } }", "{ search { __typename } }", "{ product(id: 1) { __schema { types { name } } } }"],
    "unique-fragment-names": ["{ ...F } fragment F on Query { count } fragment F on Query { label }"],
    "known-fragment-names": ["{ ...Nope }", "{ product(id: 1) { ...A ...B } } fragment A on Product { id }"],
    "no-unused-fragments": ["{ count } fragment F on Query { count }", "{ ...A } fragment A on Query { ...B } fragment B on Query { count } fragment C on Query { label }"],
    "possible-fragment-spreads": ["{ product(id: 1) { ... on Brand { id } } }", "{ product(id: 1) { ...B } } fragment B on Brand { id }", "{ search { ... on Node { id } } }", "{ node(id: 1) { ... on Review { id } } }", "{ node(id: 1) { ... on SearchResult { __typename } } }", "{ search { ... on Named { name } } }"],
    "no-fragment-cycles": ["{ ...A } fragment A on Query { ...A }", "{ ...A } fragment A on Query { ...B } fragment B on Query { ...C } fragment C on Query { ...A }", "{ ...A } fragment A on Query { product(id: 1) { ...P } } fragment P on Product { related { ...P } }"],
    "unique-variable-names": ["query Q($a: Int, $a: Int, $a: String) { echo(i: $a) }"],
    "no-undefined-variables": ["{ echo(i: $v) }", "query Q { ...F } fragment F on Query { echo(i: $x) }", "query Q($v: Int) { ...F } fragment F on Query { echo(i: $v, f: $w) }"],
    "no-unused-variables": ["query Q($v: Int) { count }", "query Q($v: Int, $w: Int) { ...F } fragment F on Query { echo(i: $v) }", "query A($a: Int) { ...F } query B($b: Int) { ...F } fragment F on Query { echo(i: $a) }"],
    "known-directives": ["{ count @nope }", "query Q @skip(if: true) { count }", "{ count @cached }", "query Q @cached { count }", "fragment F on Query @skip(if: true) { count } { ...F }", "query Q($v: Int @skip(if: true)) { echo(i: $v) }", "mutation M @cached { first }"],
    "unique-directives-per-location": ["{ count @skip(if: true) @skip(if: false) }", "{ count @tag(name: \"a\") @tag(name: \"b\") }", "{ count @cached @cached @cached }"],
    "known-argument-names": ["{ product(id: 1, nope: 2) { id } }", "{ count @skip(if: true, nope: 1) }", "{ count @nope(x: 1) }", "{ product(id: 1) @cached(ttl: 1, nope: 2) { id } }"],
    "unique-argument-names": ["{ product(id: 1, id: 2) { id } }", "{ count @skip(if: true, if: false) }"],
    "values-of-correct-type": ["{ echo(i: \"x\") }", "{ echo(e: active) }", "{ echo(list: [1, \"a\", 3]) }", "{ echo(filter: {price: {min: true}}) }", "{ echo(strict: [1, null]) }", "{ echo(nested: [[1], [\"x\"]]) }", "{ echo(filter: {limit: \"x\", tags: [1]}) }", "{ echo(b: 0) }", "{ echo(date: 5) }", "{ echo(key: {}) }", "query Q($v: Int = \"x\") { echo(i: $v) }", "query Q($v: ProductFilter = {nope: 1}) { echo(filter: $v) }"],
    "provided-required-arguments": ["{ product { id } }", "{ count @skip }", "{ count @include(if: null) }", "{ echo }", "{ count @tag }"],
    "variables-in-allowed-position": ["query Q($v: Int) { product(id: $v) { id } }", "query Q($v: String) { echo(i: $v) }", "query Q($v: Int) { echo(strict: [$v]) }", "query Q($v: Int = 1) { echo(strict: [$v]) }", "query Q($v: [Int]) { echo(strict: $v) }", "query Q($v: Boolean) { count @skip(if: $v) }", "query Q($v: Boolean = false) { count @skip(if: $v) }", "query Q($v: Int!) { echo(i: $v) }", "query Q($v: Int) { echo(req: $v) }", "query Q($v: ID) { lookup(by: {id: $v}) { id } }", "query Q($v: Int) { ...F } fragment F on Query { product(id: $v) { id } }"],
    "overlapping-fields": [
        "{ product(id: 1) { x: id x: name } }",
        "{ product(id: 1) { id } product(id: 2) { id } }",
        "{ product(id: 1) { name } product(id: 1) { name } }",
        "query Q($a: ID) { product(id: $a) { id } product(id: 1) { id } }",
        "{ search { ... on Product { x: name } ... on Brand { x: country } } }",
        "{ search { ... on Product { x: stock } ... on Review { x: body } } }",
        "{ search { ... on Product { x: stock } ... on Review { x: stars } } }",
        "{ node(id: 1) { ... on Product { x: price } ... on Named { x: name } } }",
        "{ ...A ...B } fragment A on Query { x: count } fragment B on Query { x: label }",
        "{ product(id: 1) { brand { id } brand { id: name } } }",
        "{ product(id: 1) { related(first: 1) { id } related(first: 2) { id } } }",
        "{ product(id: 1) { related { id } related(first: 2) { id } } }",
        "{ echo(filter: {name: \"a\", limit: 1}) echo(filter: {limit: 1, name: \"a\"}) }",
        "{ echo(s: \"a\") echo(s: \"\"\"a\"\"\") }",
        "{ x: product(id: 1) { a: id } x: product(id: 1) { a: name b: id } ...F } fragment F on Query { x: product(id: 1) { a: stock } }",
        "{ products { ...P } products { ...Q } } fragment P on Product { x: name } fragment Q on Product { x: id }",
        "{ " + " ".join("count" for _ in range(200)) + " }",
        "{ " + " ".join(f"a: echo(i: {i})" for i in range(3)) + " }",
    ],
    "unique-input-field-names": ["{ echo(filter: {name: \"a\", name: \"b\"}) }", "{ echo(filter: {price: {min: 1, min: 2}, price: {max: 1}}) }"],
    "max-introspection-depth": ["{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }", "{ __type(name: \"Product\") { interfaces { interfaces { interfaces { name } } } } }", "{ __schema { types { fields { type { name } } } } }", "{ __type(name: \"Query\") { ...T } } fragment T on __Type { fields { type { ...U } } } fragment U on __Type { fields { type { fields { name } } } }"],
}
for rule, docs in rules.items():
    for i, doc in enumerate(docs):
        case(R, f"{rule}-{i + 1}", doc)
case(R, "many-errors-capped", "{ " + " ".join(f"n{i}: nope{i}" for i in range(120)) + " }")
case(R, "many-repeated-fields-abort", "{ " + " ".join("count" for _ in range(1200)) + " }")
case(R, "many-fragments", "{ " + " ".join(f"...F{i}" for i in range(40)) + " } " + " ".join(f"fragment F{i} on Query {{ x: count }}" for i in range(40)))
case(R, "mutation-without-schema-type", "mutation { x }", schema="minimal", root="none")
case(R, "subscription-without-schema-type", "subscription { x }", schema="minimal", root="none")

# --- introspection ----------------------------------------------------------------------
I = "introspection"
case(I, "type-product", "{ __type(name: \"Product\") { kind name description fields(includeDeprecated: true) { name isDeprecated deprecationReason args { name defaultValue type { kind name ofType { kind name ofType { kind name } } } } } interfaces { name } } }")
case(I, "type-filter-input", "{ __type(name: \"ProductFilter\") { kind inputFields { name defaultValue isDeprecated } all: inputFields(includeDeprecated: true) { name deprecationReason } isOneOf } }")
case(I, "type-oneof", "{ __type(name: \"ByKey\") { isOneOf inputFields { name } } }")
case(I, "type-enum", "{ __type(name: \"Status\") { enumValues { name } all: enumValues(includeDeprecated: true) { name isDeprecated deprecationReason } } }")
case(I, "type-union", "{ __type(name: \"SearchResult\") { kind possibleTypes { name } fields { name } } }")
case(I, "type-interface", "{ __type(name: \"Named\") { kind possibleTypes { name } interfaces { name } } }")
case(I, "type-scalar", "{ __type(name: \"Date\") { kind specifiedByURL description } json: __type(name: \"JSON\") { specifiedByURL } }")
case(I, "type-unknown", "{ __type(name: \"Nope\") { name } }")
case(I, "type-unreferenced-builtin", "{ __type(name: \"Float\") { name } }", schema="minimal", root="none")
case(I, "schema-roots", "{ __schema { description queryType { name } mutationType { name } subscriptionType { name } } }")
case(I, "schema-types", "{ __schema { types { name kind } } }")
case(I, "schema-directives", "{ __schema { directives { name isRepeatable locations args { name defaultValue type { name kind ofType { name } } } } } }")
case(I, "typename-on-introspection", "{ __schema { __typename queryType { __typename } } }")
case(I, "meta-field-args", "{ __type(name: \"Query\") { fields { name args(includeDeprecated: true) { name isDeprecated } } } }")

import subprocess
ORACLE = os.path.join(HERE, "..", "oracle")
def introspection_query(**options):
    script = ("const g=require('graphql');process.stdout.write(g.getIntrospectionQuery(" + json.dumps(options) + "))")
    return subprocess.run(["node", "-e", script], cwd=ORACLE, capture_output=True, text=True, check=True).stdout

all_on = dict(descriptions=True, specifiedByUrl=True, directiveIsRepeatable=True, schemaDescription=True,
              inputValueDeprecation=True, oneOf=True)
case(I, "full-all-options", introspection_query(**all_on))
case(I, "full-defaults", introspection_query())
case(I, "full-no-descriptions", introspection_query(descriptions=False))
case(I, "graphiql", introspection_query(inputValueDeprecation=True, schemaDescription=True))
for schema_name in ["minimal", "extended", "interfaces"]:
    case(I, f"full-{schema_name}", introspection_query(**all_on), schema=schema_name, root="none")

# --- syntax and deliberately broken input -----------------------------------------------
S = "syntax"
broken = {
    "empty-document": "",
    "only-comment": "# nothing here",
    "unclosed-brace": "{ count",
    "unclosed-paren": "{ product(id: 1 { id } }",
    "bad-char": "{ count ? }",
    "single-quote": "{ echo(s: 'x') }",
    "unterminated-string": "{ echo(s: \"abc) }",
    "string-newline": "{ echo(s: \"a\nb\") }",
    "bad-escape": "{ echo(s: \"\\q\") }",
    "bad-unicode-escape": "{ echo(s: \"\\u12G4\") }",
    "lone-surrogate-escape": "{ echo(s: \"\\uD800x\") }",
    "variable-width-escape": "{ echo(s: \"\\u{1F600}\\u{0}\") }",
    "bad-variable-width-escape": "{ echo(s: \"\\u{110000}\") }",
    "leading-zero": "{ echo(i: 007) }",
    "number-then-name": "{ echo(i: 12abc) }",
    "dot-number": "{ echo(f: .5) }",
    "exponent-missing": "{ echo(f: 1e) }",
    "minus-alone": "{ echo(i: -) }",
    "spread-two-dots": "{ .. }",
    "description-on-query": "\"desc\" query { count }",
    "variable-in-const": "query Q($a: Int = $b) { count }",
    "fragment-named-on": "fragment on on Query { count } { ...on }",
    "missing-on": "fragment F Query { count }",
    "empty-selection": "{ }",
    "empty-args": "{ product() { id } }",
    "unknown-keyword": "querry { count }",
    "extend-nothing": "extend type Query",
    "block-string": "{ echo(s: \"\"\"\n    multi\n      line \\\"\"\" \"\"\") }",
    "unicode-columns": "{ echo(s: \"é😀\") ? }",
    "crlf-lines": "{\r\n  count\r\n  ?\r\n}",
    "cr-lines": "{\r  count\r  ?\r}",
    "bom": "\ufeff{ count ? }",
    "tabs-and-commas": "{\tcount,,,label\t, }",
    "enum-reserved": "{ echo(e: true) }",
    "deep-list-literal": "{ echo(json: " + "[" * 150 + "]" * 150 + ") }",
    "name-starting-digit": "{ 1count }",
    "dollar-without-name": "query Q($) { count }",
    "at-without-name": "{ count @ }",
    "type-system-garbage": "type { }",
    "nul-byte": "{ count \u0000 }",
    "control-char-in-string": "{ echo(s: \"a\u0001b\") }",
    "emoji-outside-string": "{ 😀 }",
    "long-name": "{ " + "a" * 5000 + " }",
}
for name, text in broken.items():
    case(S, name, text)

# --- generated matrices over schemas/matrix.graphql ------------------------------------------
# Null propagation: every list/item nullability with healthy, null-item,
# bad-item and null-list data, read directly and under nullable and non-null parents.
WRAPPERS = {"l": "[Item]", "ln": "[Item!]", "nl": "[Item]!", "nln": "[Item!]!"}
DATA = {
    "ok": [{"v": 1}, {"v": 2}],
    "nullitem": [{"v": 1}, None, {"v": 3}],
    "baditem": [{"v": 1}, {"v": "x"}, {"v": 3}],
    "nullv": [{"v": 1}, {"w": 2}],
    "nulllist": None,
}
matrix_fields = []
matrix_root = {}
for w, t in WRAPPERS.items():
    for d, value in DATA.items():
        matrix_fields.append(f"  {w}_{d}: {t}")
        matrix_root[f"{w}_{d}"] = value
SCALARS = {"int": "Int", "float": "Float", "string": "String", "boolean": "Boolean", "id": "ID", "color": "Color", "json": "Any"}
for name, t in SCALARS.items():
    matrix_fields.append(f"  {name}(x: {t}): {t}")
    matrix_fields.append(f"  {name}NN(x: {t}!): {t}")
    matrix_fields.append(f"  {name}List(x: [{t}]): [{t}]")
matrix_fields.append("  obj(x: Obj): Int")
OUT_VALUES = {"int": 1, "float": 1.5, "string": "s", "boolean": True, "id": "7", "color": "RED", "json": {"k": [1]}}
BAD_OUT = [1.5, "12", True, 2147483648, "RED", None, [1], {"a": 1}, 0, -0.5, "", 1e300]
out_fields = []
for name, t in SCALARS.items():
    for i, v in enumerate(BAD_OUT):
        out_fields.append(f"  out_{name}_{i}: {t}")
        matrix_root[f"out_{name}_{i}"] = v
schema_text = ("enum Color { RED GREEN }\nscalar Any\ninput Obj { a: Int! b: [Int!] c: Obj d: Color = GREEN }\n"
               "type Item { v: Int! }\n"
               "type Wrap {\n" + "\n".join(matrix_fields) + "\n}\n"
               "type Query {\n  wrap: Wrap\n  wrapNN: Wrap!\n" + "\n".join(matrix_fields + out_fields) + "\n}\n")
matrix_root["wrap"] = dict((k, v) for k, v in matrix_root.items() if not k.startswith("out_"))
matrix_root["wrapNN"] = matrix_root["wrap"]
with open(os.path.join(HERE, "schemas", "matrix.graphql"), "w") as f:
    f.write(schema_text)
with open(os.path.join(HERE, "schemas", "matrix.json"), "w") as f:
    json.dump(matrix_root, f, indent=1)

M = "matrix-nulls"
for w in WRAPPERS:
    for d in DATA:
        f = f"{w}_{d}"
        case(M, f"{f}-root", f"{{ {f} {{ v }} }}", schema="matrix")
        case(M, f"{f}-nullable-parent", f"{{ wrap {{ {f} {{ v }} }} other: wrap {{ l_ok {{ v }} }} }}", schema="matrix")
        case(M, f"{f}-non-null-parent", f"{{ wrapNN {{ {f} {{ v }} }} after: wrap {{ l_ok {{ v }} }} }}", schema="matrix")

O = "matrix-output"
for name in SCALARS:
    for i, v in enumerate(BAD_OUT):
        case(O, f"{name}-{i}", f"{{ out_{name}_{i} }}", schema="matrix")

C = "matrix-variables"
VAR_VALUES = [1, 1.0, 1.5, "1", True, None, [1], {"a": 1}, 2147483648, -2147483649, "RED", 1e20, "", [None], [[1]]]
for name, t in SCALARS.items():
    for i, v in enumerate(VAR_VALUES):
        for suffix, vt in (("", t), ("NN", t + "!"), ("List", f"[{t}]")):
            if suffix and i % 3 != 0:
                continue
            case(C, f"{name}{suffix}-{i}", f"query Q($x: {vt}) {{ {name}{suffix}(x: $x) }}", variables=json.dumps({"x": v}), schema="matrix")
OBJ_VALUES = [{"a": 1}, {}, {"a": None}, {"a": 1, "z": 2}, {"a": 1, "b": [1, None]}, {"a": 1, "c": {"a": "x"}}, {"a": 1, "d": "BLUE"}, [], "x", {"a": 1, "b": 5, "c": {"a": 2, "b": [3]}}]
for i, v in enumerate(OBJ_VALUES):
    case(C, f"obj-{i}", "query Q($x: Obj) { obj(x: $x) }", variables=json.dumps({"x": v}), schema="matrix")

L = "matrix-literals"
LITERALS = ["1", "1.5", "\"1\"", "true", "null", "RED", "[1]", "{a: 1}", "2147483648", "-0", "1e3", "\"\"\"block\"\"\"", "[[1]]", "[null]"]
for name, t in SCALARS.items():
    for i, lit in enumerate(LITERALS):
        case(L, f"{name}-{i}", f"{{ {name}(x: {lit}) }}", schema="matrix")
        if i % 4 == 0:
            case(L, f"{name}List-{i}", f"{{ {name}List(x: {lit}) }}", schema="matrix")
for i, lit in enumerate(["{a: 1}", "{}", "{a: null}", "{a: 1, z: 1}", "{a: 1, b: [1, null]}", "{a: 1, c: {}}", "{a: 1, d: BLUE}", "{a: 1, d: \"RED\"}", "[{a: 1}]", "{a: $v}"]):
    vars_text = json.dumps({"v": 1}) if "$v" in lit else None
    q = f"query Q($v: Int) {{ obj(x: {lit}) }}" if "$v" in lit else f"{{ obj(x: {lit}) }}"
    case(L, f"obj-{i}", q, variables=vars_text, schema="matrix")

# --- subscriptions: @skip/@include on root fields --------------------------------------
SUB = "subscriptions"
case(SUB, "include-variable-root", "subscription Added($on: Boolean!) {\n  productAdded @include(if: $on) { id }\n}",
     variables='{"on": false}', note="@include(if: $var) on the root field: refused like @skip.")
case(SUB, "skip-literal-before-variable",
     "subscription Added($on: Boolean!) {\n  productAdded @skip(if: true) @include(if: $on) { id }\n  priceChanged\n}",
     variables='{"on": true}', note="@skip(if: true) is decided first, so the @include variable is never read.")
case(SUB, "skip-literal-only-field", "subscription {\n  productAdded @skip(if: true) { id }\n}",
     note="The only root field skipped by a literal: valid; graphql() runs it as a\nquery and selects nothing.")
case(SUB, "skip-variable-in-fragment", "subscription Added($off: Boolean!) {\n  ... @skip(if: $off) { productAdded { id } }\n}",
     variables='{"off": true}', note="A root-level inline fragment with @skip(if: $var) is collected the same way.")
case(SUB, "skip-variable-in-spread",
     "subscription Added($off: Boolean!) {\n  ...Root\n}\nfragment Root on Subscription {\n  productAdded @skip(if: $off) { id }\n}",
     variables='{"off": true}', note="Inside a fragment spread on the root: still a root-level selection.")
case(SUB, "skip-variable-nested", "subscription Added($off: Boolean!) {\n  productAdded { id @skip(if: $off) name }\n}",
     variables='{"off": true}', note="Below the root field, @skip(if: $var) is not a root selection: valid.")
case(SUB, "skip-variable-not-skipping", "subscription Added($off: Boolean = false) {\n  productAdded @skip(if: $off) { id }\n}",
     variables='{"off": false}',
     note="A variable that would keep the field is refused all the same: validation\nhas no variable values.")
case(SUB, "skip-variable-root", "subscription Added($off: Boolean!) {\n  productAdded @skip(if: $off) { id }\n}",
     variables='{"off": true}',
     note="The only root field skipped by a variable: graphql-js 16 cannot decide\n@skip without variable values when validating, and reports the variable.")

# --- schema validation: one case per invalid schema (schemas/invalid/) ----------------
SV = "schema-validation"
for f in sorted(os.listdir(os.path.join(HERE, "schemas", "invalid"))):
    if f.endswith(".graphql"):
        case(SV, f[: -len(".graphql")], "{ __typename }", schema="invalid/" + f[: -len(".graphql")])



def write():
    if os.path.isdir(CASES):
        for root, _, files in os.walk(CASES):
            for f in files:
                if f.endswith(".graphql"):
                    os.remove(os.path.join(root, f))
    count = 0
    for group, items in groups.items():
        d = os.path.join(CASES, group)
        os.makedirs(d, exist_ok=True)
        for name, query, variables, operation, schema, root, note in items:
            header = ["# " + line for line in note.split("\n")] if note else []
            if schema:
                header.append(f"# schema: {schema}")
            if root:
                header.append(f"# root: {root}")
            if variables is not None:
                header.append(f"# variables: {variables}")
            if operation:
                header.append(f"# operation: {operation}")
            text = "\n".join(header) + ("\n" if header else "") + query
            if not text.endswith("\n") and group != "syntax":
                text += "\n"
            with open(os.path.join(d, name + ".graphql"), "w", encoding="utf-8", newline="") as f:
                f.write(text)
            count += 1
    print(f"wrote {count} cases")


if __name__ == "__main__":
    write()
