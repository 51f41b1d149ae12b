// std::vector<T> to and from JS Array (a copy, element by element).
// Zero-copy views of typed arrays are tsbind::typed_array<T>.
#pragma once

#include "../cast.h"

#include <string>
#include <vector>

namespace tsbind {

template <typename T, typename Alloc>
struct type_caster<std::vector<T, Alloc>> : detail::value_caster<std::vector<T, Alloc>> {
    using elem_caster = detail::make_caster<T>;
    static constexpr auto name = const_name("Array<") + elem_caster::name + const_name(">");
    static constexpr uint32_t chunk_size = 256;

    bool load(napi_env env, napi_value v, detail::load_failure *failure) {
        uint32_t length;
        if (!detail::array_length(env, v, &length)) return false;
        auto &out = this->value;
        out.clear();
        out.reserve(length);
        // A handle scope per chunk keeps a million-element array from piling
        // up a million handles, at a fraction of the cost of one per element.
        for (uint32_t chunk = 0; chunk < length; chunk += chunk_size) {
            detail::handle_scope scope(env);
            uint32_t end = length - chunk < chunk_size ? length : chunk + chunk_size;
            for (uint32_t i = chunk; i < end; ++i) {
                napi_value element;
                detail::check(env, napi_get_element(env, v, i, &element));
                elem_caster conv;
                if (!conv.load(env, element, failure)) {
                    if (failure) detail::fail_element(failure, env, element, i, detail::arg_type_sig<T>());
                    return false;
                }
                out.push_back(conv.template get<T>());
            }
        }
        return true;
    }

    template <typename Vec>
    static napi_value cast(napi_env env, Vec &&src, return_value_policy policy = {}, napi_value parent = nullptr) {
        napi_value array;
        detail::check(env, napi_create_array_with_length(env, src.size(), &array));
        for (size_t chunk = 0; chunk < src.size(); chunk += chunk_size) {
            detail::handle_scope scope(env);
            size_t end = src.size() - chunk < chunk_size ? src.size() : chunk + chunk_size;
            for (size_t i = chunk; i < end; ++i) {
                napi_value element;
                if constexpr (std::is_lvalue_reference_v<Vec>)
                    element = elem_caster::cast(env, src[i], policy, parent);
                else
                    element = elem_caster::cast(env, std::move(src[i]), policy, parent);
                detail::check(env, napi_set_element(env, array, static_cast<uint32_t>(i), element));
            }
        }
        return array;
    }
};

} // namespace tsbind
