// std::chrono::system_clock::time_point (any duration) to and from Date, in
// milliseconds since 1970 as Date keeps them; an invalid Date is a RangeError.
#pragma once

#include "../cast.h"

#include <chrono>
#include <cmath>

namespace tsbind {

template <typename Duration>
struct type_caster<std::chrono::time_point<std::chrono::system_clock, Duration>>
    : detail::value_caster<std::chrono::time_point<std::chrono::system_clock, Duration>> {
    using time_point = std::chrono::time_point<std::chrono::system_clock, Duration>;
    using milliseconds = std::chrono::duration<double, std::milli>;
    static constexpr auto name = const_name("Date");

    bool load(napi_env env, napi_value v, detail::load_failure *failure) {
        bool is_date = false;
        detail::check(env, napi_is_date(env, v, &is_date));
        if (!is_date) return false;
        double ms = 0;
        detail::check(env, napi_get_date_value(env, v, &ms));
        if (std::isnan(ms)) {
            if (failure) detail::fail_range(failure, env, v, "a valid Date");
            return false;
        }
        this->value = time_point(std::chrono::duration_cast<Duration>(milliseconds(ms)));
        return true;
    }

    static napi_value cast(napi_env env, const time_point &t, return_value_policy = {}, napi_value = nullptr) {
        napi_value result;
        detail::check(env, napi_create_date(env, std::chrono::duration_cast<milliseconds>(t.time_since_epoch()).count(),
                                            &result));
        return result;
    }
};

} // namespace tsbind
