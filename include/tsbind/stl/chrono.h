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
        // A time_point of nanoseconds spans only the years 1677 to 2262.
        constexpr double limit = std::chrono::duration_cast<milliseconds>(Duration::max()).count();
        if (ms > limit || ms < -limit) {
            if (failure) detail::fail_range(failure, env, v, "a Date that the C++ time_point can hold");
            return false;
        }
        // A Date holds whole milliseconds: exact as an integer, where a double
        // times 1e6 would round 47.514 s down to 47.513999999.
        this->value = time_point(std::chrono::duration_cast<Duration>(std::chrono::milliseconds(static_cast<long long>(ms))));
        return true;
    }

    static napi_value cast(napi_env env, const time_point &t, return_value_policy = {}, napi_value = nullptr) {
        napi_value result;
        // Whole milliseconds first: a count of nanoseconds is beyond 2^53, so as a double it would not be exact.
        auto ms = std::chrono::floor<std::chrono::milliseconds>(t.time_since_epoch()).count();
        detail::check(env, napi_create_date(env, static_cast<double>(ms), &result));
        return result;
    }
};

} // namespace tsbind
