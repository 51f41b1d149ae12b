// Maps and sets: std::map / std::unordered_map with std::string keys to and
// from plain objects (`Record<string, V>`), with other keys to and from Map;
// std::set / std::unordered_set to and from Set.
#pragma once

#include "../cast.h"

#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>

namespace tsbind {
namespace detail {

/// Names a failing entry in the failure's path.
inline void fail_entry(load_failure *failure, napi_env env, napi_value value, const std::string &where, type_sig expected) {
    failure->path.insert(0, where);
    if (failure->message.empty()) failure->message = expected_message(env, value, expected);
}

template <typename Map, typename Key, typename Value>
struct map_caster : value_caster<Map> {
    static constexpr bool string_keys = std::is_same_v<Key, std::string>;
    static constexpr auto name = [] {
        if constexpr (string_keys)
            return const_name("Record<string, ") + type_text<Value, false>::value + const_name(">");
        else
            return const_name("Map<") + type_text<Key, false>::value + const_name(", ") + type_text<Value, false>::value +
                   const_name(">");
    }();
    static constexpr auto arg_name = [] {
        if constexpr (string_keys)
            return const_name("Record<string, ") + type_text<Value, true>::value + const_name(">");
        else
            return const_name("Map<") + type_text<Key, true>::value + const_name(", ") + type_text<Value, true>::value +
                   const_name(">");
    }();

    bool load(napi_env env, napi_value v, load_failure *failure) {
        static_assert(check_element_type<Key>() && check_element_type<Value>());
        this->value.clear();
        if constexpr (string_keys)
            return load_object(env, v, failure);
        else
            return load_map(env, v, failure);
    }

    template <typename M, typename K = Key, typename V = Value, if_castable<K, V> = 0>
    static napi_value cast(napi_env env, M &&src, return_value_policy policy = {}, napi_value parent = nullptr) {
        napi_value result;
        if constexpr (string_keys) {
            check(env, napi_create_object(env, &result));
        } else {
            result = new_global(env, "Map");
        }
        for (auto &&entry : src) {
            handle_scope scope(env);
            napi_value key = to_js(env, entry.first, policy, parent), item;
            if constexpr (std::is_lvalue_reference_v<M>)
                item = to_js(env, entry.second, policy, parent);
            else
                item = to_js(env, std::move(entry.second), policy, parent);
            if constexpr (string_keys) {
                // Defined, not assigned: a "__proto__" key is an own property
                // like any other, not a change of prototype.
                napi_property_descriptor entry_property{nullptr, key,    nullptr, nullptr, nullptr,
                                                        item,    napi_default_jsproperty, nullptr};
                check(env, napi_define_properties(env, result, 1, &entry_property));
            } else {
                napi_value args[2] = {key, item};
                call_method(env, result, "set", 2, args);
            }
        }
        return result;
    }

private:
    /// A plain object's own enumerable string keys (not an Array, not a Map).
    bool load_object(napi_env env, napi_value v, load_failure *failure) {
        napi_valuetype type;
        check(env, napi_typeof(env, v, &type));
        bool is_array = false;
        if (type == napi_object) check(env, napi_is_array(env, v, &is_array));
        if (type != napi_object || is_array || is_instance_of_global(env, v, "Map")) return false;
        napi_value keys;
        check(env, napi_get_all_property_names(env, v, napi_key_own_only,
                                               static_cast<napi_key_filter>(napi_key_enumerable | napi_key_skip_symbols),
                                               napi_key_numbers_to_strings, &keys));
        uint32_t count;
        check(env, napi_get_array_length(env, keys, &count));
        for (uint32_t i = 0; i < count; ++i) {
            element_scope<holds_no_handle<Value>> scope(env);
            napi_value key, item;
            check(env, napi_get_element(env, keys, i, &key));
            check(env, napi_get_property(env, v, key, &item));
            make_caster<std::string> key_conv;
            make_caster<Value> item_conv;
            if (!key_conv.load(env, key, nullptr)) return false;
            if (!item_conv.load(env, item, failure)) {
                if (failure) fail_entry(failure, env, item, "[\"" + key_conv.value + "\"]", arg_type_sig<Value>());
                return false;
            }
            this->value.emplace(std::move(key_conv.value), item_conv.template get<Value>());
        }
        return true;
    }

    /// A Map's entries, in insertion order.
    bool load_map(napi_env env, napi_value v, load_failure *failure) {
        if (!is_instance_of_global(env, v, "Map")) return false;
        napi_value entries = array_from(env, v);
        uint32_t count;
        check(env, napi_get_array_length(env, entries, &count));
        for (uint32_t i = 0; i < count; ++i) {
            element_scope<holds_no_handle<Key> && holds_no_handle<Value>> scope(env);
            napi_value entry, key, item;
            check(env, napi_get_element(env, entries, i, &entry));
            check(env, napi_get_element(env, entry, 0, &key));
            check(env, napi_get_element(env, entry, 1, &item));
            make_caster<Key> key_conv;
            make_caster<Value> item_conv;
            if (!key_conv.load(env, key, failure)) {
                if (failure) fail_entry(failure, env, key, " key " + std::to_string(i), arg_type_sig<Key>());
                return false;
            }
            if (!item_conv.load(env, item, failure)) {
                if (failure) fail_entry(failure, env, item, " value " + std::to_string(i), arg_type_sig<Value>());
                return false;
            }
            this->value.emplace(key_conv.template get<Key>(), item_conv.template get<Value>());
        }
        return true;
    }
};

template <typename Set, typename Key>
struct set_caster : value_caster<Set> {
    static constexpr auto name = const_name("Set<") + type_text<Key, false>::value + const_name(">");
    static constexpr auto arg_name = const_name("Set<") + type_text<Key, true>::value + const_name(">");

    bool load(napi_env env, napi_value v, load_failure *failure) {
        static_assert(check_element_type<Key>());
        this->value.clear();
        if (!is_instance_of_global(env, v, "Set")) return false;
        napi_value items = array_from(env, v);
        uint32_t count;
        check(env, napi_get_array_length(env, items, &count));
        for (uint32_t i = 0; i < count; ++i) {
            element_scope<holds_no_handle<Key>> scope(env);
            napi_value item;
            check(env, napi_get_element(env, items, i, &item));
            make_caster<Key> conv;
            if (!conv.load(env, item, failure)) {
                if (failure) fail_entry(failure, env, item, " value " + std::to_string(i), arg_type_sig<Key>());
                return false;
            }
            this->value.insert(conv.template get<Key>());
        }
        return true;
    }

    template <typename S, typename K = Key, if_castable<K> = 0>
    static napi_value cast(napi_env env, S &&src, return_value_policy policy = {}, napi_value parent = nullptr) {
        napi_value result = new_global(env, "Set");
        for (auto &&item : src) {
            handle_scope scope(env);
            napi_value value = to_js(env, item, policy, parent);
            call_method(env, result, "add", 1, &value);
        }
        return result;
    }
};

} // namespace detail

template <typename K, typename V, typename Compare, typename Alloc>
struct type_caster<std::map<K, V, Compare, Alloc>> : detail::map_caster<std::map<K, V, Compare, Alloc>, K, V> {};
template <typename K, typename V, typename Hash, typename Equal, typename Alloc>
struct type_caster<std::unordered_map<K, V, Hash, Equal, Alloc>>
    : detail::map_caster<std::unordered_map<K, V, Hash, Equal, Alloc>, K, V> {};
template <typename K, typename Compare, typename Alloc>
struct type_caster<std::set<K, Compare, Alloc>> : detail::set_caster<std::set<K, Compare, Alloc>, K> {};
template <typename K, typename Hash, typename Equal, typename Alloc>
struct type_caster<std::unordered_set<K, Hash, Equal, Alloc>>
    : detail::set_caster<std::unordered_set<K, Hash, Equal, Alloc>, K> {};

} // namespace tsbind
