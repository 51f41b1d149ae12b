// tsbind::bind_vector: a std::vector bound as a JS class whose objects are
// the C++ vector itself, not a copy (pybind11's py::bind_vector), for APIs
// that change a container in place. The vector type is first declared
// opaque with TSBIND_MAKE_OPAQUE, so that it converts as that class instead
// of as an Array (docs/conversions.md, "Live views of vectors").
#pragma once

#include "../detail/env_state.h"

#include "../class.h"
#include "../value.h"
#include "optional.h"
#include "vector.h"

#include <cmath>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace tsbind {
namespace detail {
/// Selects the bound-class converter (the primary type_caster) for an
/// opaque type, which a partial specialisation (std::vector's) would take.
struct opaque_tag {};

/// Whether TSBIND_MAKE_OPAQUE(T) was written for T.
template <typename T, typename = void>
struct is_opaque : std::false_type {};
template <typename T>
struct is_opaque<T, std::enable_if_t<type_caster<T>::opaque>> : std::true_type {};
} // namespace detail
} // namespace tsbind

/// Makes a standard-library type (a std::vector) convert as the class that
/// tsbind::bind_vector binds, by reference, instead of being copied to and
/// from an Array. Write it at global scope, after the element type is
/// declared and before anything converts the vector type, in every source
/// file that converts it (as PYBIND11_MAKE_OPAQUE): `TSBIND_MAKE_OPAQUE(std::vector<Point>)`.
/// (The bound-class converter refuses standard-library types, to catch a
/// missing <tsbind/stl.h>; this type is exempt.)
#define TSBIND_MAKE_OPAQUE(...)                                                                                   \
    namespace tsbind {                                                                                            \
    namespace detail {                                                                                            \
    template <>                                                                                                   \
    struct is_stl_container<__VA_ARGS__> : std::false_type {};                                                    \
    }                                                                                                             \
    template <>                                                                                                   \
    struct type_caster<__VA_ARGS__> : type_caster<__VA_ARGS__, detail::opaque_tag> {                              \
        static constexpr bool opaque = true;                                                                      \
    };                                                                                                            \
    }

namespace tsbind {
namespace detail {

/// A list method's index parameter: a JS number that is an integer (not a
/// BigInt; beyond 2^53 no element can be).
struct list_index {
    std::int64_t value = 0;
};

/// An element parameter, copied out of its JS value while the arguments
/// convert: the call holds no borrow of it, so `list.push(list.at(0))` may
/// move the very element it was given.
template <typename T>
struct element_copy {
    std::optional<T> value;
};

/// The constructor's elements: copies of those of another list, or of an
/// Array or other iterable, or none.
template <typename Vector>
struct element_list : Vector {};

/// toArray()'s result: copies of the elements in a new Array.
template <typename Vector>
struct element_array {
    const Vector *vector;
};

/// A list method's own call: the environment, the list's JS object, and its
/// instance (whose environment knows the JS objects of its elements).
template <typename Vector>
struct list_call {
    napi_env env = nullptr;
    napi_value object = nullptr;
    const instance *inst = nullptr;
};

/// The position that `index` names among `size` elements: 0 to size - 1, or
/// also `size` where an element may go at the end (`or_end`); with
/// `from_end`, -size to -1 count from the end (Array.prototype.at). Else a
/// RangeError naming the index.
inline std::size_t list_position(const std::string &where, std::int64_t index, std::size_t size, bool from_end,
                                 bool or_end = false) {
    auto n = static_cast<std::int64_t>(size);
    std::int64_t i = from_end && index < 0 ? index + n : index;
    if (i < 0 || i > n || (i == n && !or_end))
        throw std::out_of_range(where + ": index " + std::to_string(index) + " is out of range for a list of " +
                                std::to_string(size) + (size == 1 ? " element" : " elements"));
    return static_cast<std::size_t>(i);
}

/// Before an operation moves or destroys elements [first, last) of the
/// list's vector: disposes every JS object that stands for one of them
/// (element objects from at(), get() and iteration, or references C++
/// returned), so that using one afterwards is an Error, not a read of moved
/// or freed memory. When one is in use by a call in progress, or kept alive
/// (keep_alive) by an object that may use it, nothing is disposed and the
/// operation is refused, as `dispose()` would be. (This reads the core's
/// records, detail/core.h: the identity table and an instance's counts.)
template <typename Vector>
void release_elements(const list_call<Vector> &call, const Vector &v, std::size_t first, std::size_t last,
                      const std::string &where) {
    if constexpr (std::is_class_v<typename Vector::value_type>) {
        // Element objects are found as identity finds them: by address, in
        // the environment's table of objects that live outside their instance.
        std::vector<std::pair<std::size_t, instance *>> found;
        for (std::size_t i = first; i < last; ++i)
            call.inst->state->by_address.find(&v[i], [&](instance *inst) {
                found.emplace_back(i, inst);
                return false;  // all of them: one may be collected but not yet finalized
            });
        for (const auto &[i, inst] : found) {
            if (inst->borrows)
                throw std::logic_error(where + ": element " + std::to_string(i) +
                                       " is in use by a call in progress; change the list after that call");
            if (inst->keepers)
                throw std::logic_error(where + ": element " + std::to_string(i) +
                                       " is kept alive (keep_alive) by an object that may use it; dispose that "
                                       "object first");
        }
        for (const auto &[i, inst] : found) {
            napi_value object = nullptr;
            check(call.env, napi_get_reference_value(call.env, inst->self, &object));
            // A collected one can no longer be used; its finalizer forgets it.
            if (object) value(call.env, object).call_method("dispose");
        }
    }
}

/// Shows a list as Node shows a typed array, `PointList(2) [ ... ]`, in
/// console.log and the REPL (the first `maxArrayLength` elements).
constexpr const char *list_inspect_source = R"JS(
  const name = this.constructor && this.constructor.name || 'Object';
  let length;
  try { length = this.length; } catch { return `${name} <disposed>`; }
  if (depth < 0) return `[${name}]`;
  const limit = options.maxArrayLength == null ? length : Math.min(length, options.maxArrayLength);
  const shown = [];
  for (let i = 0; i < limit; i++) shown.push(this.get(i));
  shown.length = Math.min(length, 2 ** 32 - 1);  // holes past the limit: inspect says "... n more items"
  const inner = { ...options, depth: options.depth == null ? null : options.depth - 1 };
  return `${name}(${length}) ${inspect(shown, inner)}`;
)JS";

} // namespace detail

template <>
struct type_caster<detail::list_index> : detail::value_caster<detail::list_index> {
    static constexpr auto name = const_name("number");
    bool load(napi_env env, napi_value v, detail::load_failure *failure) {
        type_caster<double> number;
        if (!number.load(env, v, failure)) return false;
        double d = number.value;
        if (!(std::abs(d) <= 9007199254740992.0) || std::trunc(d) != d) {
            if (failure) fail_range(failure, env, v, "an integer");
            return false;
        }
        value.value = static_cast<std::int64_t>(d);
        return true;
    }
};

template <typename T>
struct type_caster<detail::element_copy<T>> : detail::value_caster<detail::element_copy<T>> {
    static constexpr auto name = detail::arg_descr<T>();
    bool load(napi_env env, napi_value v, detail::load_failure *failure) {
        detail::make_caster<T> element;  // its borrow ends here, with the copy made
        if (!element.load(env, v, failure)) return false;
        this->value.value.emplace(element.template get<T>());
        return true;
    }
};

template <typename Vector>
struct type_caster<detail::element_list<Vector>> : detail::value_caster<detail::element_list<Vector>> {
    using T = typename Vector::value_type;
    // One parameter rather than overloads, so that a bad element is named.
    static constexpr auto name =
        const_name("Array<") + detail::arg_descr<T>() + const_name("> | ") + detail::make_caster<Vector>::name;
    static constexpr bool omittable = true;
    bool load(napi_env env, napi_value v, detail::load_failure *failure) {
        if (tsbind::value(env, v).is_undefined()) return true;
        {
            // Another list (a disposed one throws, to be named as disposed).
            detail::make_caster<Vector> list;
            if (list.load(env, v, nullptr)) {
                Vector &target = this->value;
                target = list.template get<const Vector &>();
                return true;
            }
        }
        return detail::load_array<T>(env, v, this->value, failure);
    }
};

template <typename Vector>
struct type_caster<detail::element_array<Vector>> {
    using T = typename Vector::value_type;
    static constexpr auto name = const_name("Array<") + detail::make_caster<T>::name + const_name(">");
    static napi_value cast(napi_env env, detail::element_array<Vector> from, return_value_policy = {},
                           napi_value = nullptr) {
        return detail::cast_to_array<T>(env, *from.vector, return_value_policy::copy, nullptr);
    }
};

template <typename Vector>
struct type_caster<detail::list_call<Vector>> : detail::value_caster<detail::list_call<Vector>> {
    static constexpr auto name = const_name("never");
    bool load_injected(detail::function_call &call) {
        // `this` converted already (parameter 0); borrowing it again finds its instance.
        if (!borrowed_.load(call.env, call.self, typeid(Vector), nullptr)) return false;
        this->value = {call.env, call.self, borrowed_.get()};
        return true;
    }

private:
    detail::borrow borrowed_;
};

/// Binds `Vector` (a std::vector declared with TSBIND_MAKE_OPAQUE) as JS class
/// `name` in `scope` (the module, a submodule or a class), and returns the
/// class_ to add more to. Its objects are vectors: one constructed in JS is
/// owned by JS; a `Vector&` result with policy reference_internal or
/// reference is the C++ vector itself, a live view. Members, close to a JS
/// Array's: a constructor (empty, or copies from an Array or a list),
/// `length`, `at(i)` (negative from the end), `get(i)`, `set(i, v)`,
/// `push(v)`, `pop()`, `insert(i, v)`, `erase(i)`, `clear()`, iteration,
/// `toArray()`, `toString()`.
///
/// Elements of a class type are returned as references into the vector, kept
/// alive by the list (reference_internal): the same element is the same JS
/// object while it stays in place. A method that moves or destroys elements
/// disposes the JS objects of those elements first; changing the vector's
/// length from C++ cannot be seen and leaves them dangling (as in pybind11).
template <typename Vector, typename Scope, typename = detail::if_scope<Scope>>
class_<Vector> bind_vector(const Scope &scope, const char *name, const char *doc = nullptr) {
    static_assert(detail::is_opaque<Vector>::value,
                  "tsbind::bind_vector<V>: write TSBIND_MAKE_OPAQUE(V) at global scope before binding or converting "
                  "V, so that V converts as the bound class instead of being copied to an Array");
    using T = typename Vector::value_type;
    static_assert(!std::is_same_v<T, bool>, "tsbind::bind_vector: std::vector<bool> has no element references");
    static_assert(std::is_copy_constructible_v<T>, "tsbind::bind_vector: the elements must be copyable");
    using index = detail::list_index;
    using element = detail::element_copy<T>;
    using self = detail::list_call<Vector>;
    constexpr auto internal = return_value_policy::reference_internal;

    class_<Vector> cls(scope, name, doc);
    const std::string path = cls.scope().path;
    auto where = [&path](const char *method) { return path + "." + method + "()"; };

    cls.def(init<detail::element_list<Vector>>(), arg("items"),
            "A list of copies of the elements of an Array (or any iterable) or of another list; empty without one.")
        .def_property_readonly(
            "length", [](const Vector &v) { return v.size(); }, "The number of elements.")
        .def(
            "at",
            [w = where("at")](Vector &v, index i) -> T & {
                return v[detail::list_position(w, i.value, v.size(), true)];
            },
            arg("index"), internal,
            "The element at `index`; a negative index counts from the end. An element of a class is the element "
            "itself, valid while it stays in place. A RangeError out of range.")
        .def(
            "get",
            [w = where("get")](Vector &v, index i) -> T & {
                return v[detail::list_position(w, i.value, v.size(), false)];
            },
            arg("index"), internal, "The element at `index`, from 0. A RangeError out of range.")
        .def(
            "set",
            [w = where("set")](Vector &v, index i, element item) {
                v[detail::list_position(w, i.value, v.size(), false)] = std::move(*item.value);
            },
            arg("index"), arg("value"), "Assigns a copy of `value` to the element at `index` (which stays in place).")
        .def(
            "push",
            [w = where("push")](Vector &v, self call, element item) {
                // Growing the vector's memory moves every element.
                if (v.size() == v.capacity()) detail::release_elements(call, v, 0, v.size(), w);
                v.push_back(std::move(*item.value));
                return v.size();
            },
            arg("value"), "Appends a copy of `value`; returns the new length.")
        .def(
            "pop",
            [w = where("pop")](Vector &v, self call) -> std::optional<T> {
                if (v.empty()) return std::nullopt;
                detail::release_elements(call, v, v.size() - 1, v.size(), w);
                std::optional<T> last(std::move(v.back()));
                v.pop_back();
                return last;
            },
            "Removes the last element and returns it (a new object), or undefined when the list is empty.")
        .def(
            "insert",
            [w = where("insert")](Vector &v, self call, index i, element item) {
                std::size_t at = detail::list_position(w, i.value, v.size(), false, true);
                detail::release_elements(call, v, v.size() == v.capacity() ? 0 : at, v.size(), w);
                v.insert(v.begin() + static_cast<std::ptrdiff_t>(at), std::move(*item.value));
            },
            arg("index"), arg("value"), "Inserts a copy of `value` before the element at `index` (0 to length).")
        .def(
            "erase",
            [w = where("erase")](Vector &v, self call, index i) {
                std::size_t at = detail::list_position(w, i.value, v.size(), false);
                detail::release_elements(call, v, at, v.size(), w);
                v.erase(v.begin() + static_cast<std::ptrdiff_t>(at));
            },
            arg("index"), "Removes the element at `index`.")
        .def(
            "clear",
            [w = where("clear")](Vector &v, self call) {
                detail::release_elements(call, v, 0, v.size(), w);
                v.clear();
            },
            "Removes every element.")
        .def(
            "[Symbol.iterator]",
            [](Vector &v, self call) -> detail::js_iterator<T> {
                // By position, checked at each step: changing the list while
                // iterating never reads past its end (a std iterator would).
                struct state {
                    Vector *vector;
                    const detail::instance *list;
                    std::size_t next;
                };
                return {detail::make_iterator(
                    call.env, call.object, new state{&v, call.inst, 0},
                    [](napi_env env, void *p) -> napi_value {
                        auto *s = static_cast<state *>(p);
                        if (s->next >= s->vector->size()) {
                            s->next = SIZE_MAX;  // done stays done, as for Array iterators
                            return nullptr;
                        }
                        // The iterator holds the list's JS object, so its weak reference is set.
                        napi_value list;
                        detail::check(env, napi_get_reference_value(env, s->list->self, &list));
                        return detail::make_caster<T>::cast(env, (*s->vector)[s->next++],
                                                            return_value_policy::reference_internal, list);
                    },
                    [](void *p) { delete static_cast<state *>(p); })};
            },
            "The elements, as `at()` gives them; elements added while iterating are visited too.")
        .def(
            "toArray", [](const Vector &v) { return detail::element_array<Vector>{&v}; },
            "Copies of the elements in a new Array, independent of the list.")
        .def(
            "toString",
            [](const Vector &v, self call) {
                // Array.prototype.toString: String() of each element (a copy), joined by commas.
                std::string out;
                for (std::size_t i = 0; i < v.size(); ++i) {
                    detail::handle_scope scope(call.env);
                    if (i) out += ',';
                    out += value::from(call.env, v[i]).to_string();
                }
                return out;
            },
            "The elements as `String()` shows them, joined by commas, as for an Array.");

    // The console view replaces the default one (toString(), here elements joined by commas).
    napi_env env = cls.scope().env;
    value key = value::global(env, "Symbol").call_method("for", "nodejs.util.inspect.custom");
    value inspect;
    try {
        inspect = value::global(env, "Function").construct("depth", "options", "inspect", detail::list_inspect_source);
    } catch (const js_error &) {
        return cls;  // code generation from strings is disallowed: the default view stays
    }
    value(env, cls.scope().object).get("prototype").set(key, inspect);
    return cls;
}

} // namespace tsbind
