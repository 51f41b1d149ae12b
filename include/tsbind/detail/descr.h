// Compile-time TypeScript type descriptors.
//
// Every converter names the TypeScript type it produces or accepts as a
// `descr`: a constexpr string plus the C++ types of any bound classes inside
// it, which stand as `%` in the text. Class names are only known once the
// class is registered at run time, so `%` is resolved late, when an error
// message or a declaration is written (pybind11 and nanobind do the same).
#pragma once

#include <array>
#include <cstddef>
#include <typeinfo>
#include <utility>

namespace tsbind {
namespace detail {

template <std::size_t N, typename... Ts>
struct descr {
    char text[N + 1]{'\0'};

    constexpr descr() = default;
    constexpr descr(char const (&s)[N + 1]) : descr(s, std::make_index_sequence<N>()) {}
    template <std::size_t... Is>
    constexpr descr(char const (&s)[N + 1], std::index_sequence<Is...>) : text{s[Is]..., '\0'} {}
    template <typename... Chars>
    constexpr descr(char c, Chars... cs) : text{c, static_cast<char>(cs)..., '\0'} {}

    /// The C++ types standing as `%` in `text`, in order, null-terminated.
    static constexpr std::array<const std::type_info *, sizeof...(Ts) + 1> type_list{{&typeid(Ts)..., nullptr}};
};

template <std::size_t N1, std::size_t N2, typename... Ts1, typename... Ts2, std::size_t... Is1, std::size_t... Is2>
constexpr descr<N1 + N2, Ts1..., Ts2...> concat(const descr<N1, Ts1...> &a, const descr<N2, Ts2...> &b,
                                                std::index_sequence<Is1...>, std::index_sequence<Is2...>) {
    return {a.text[Is1]..., b.text[Is2]...};
}

template <std::size_t N1, std::size_t N2, typename... Ts1, typename... Ts2>
constexpr descr<N1 + N2, Ts1..., Ts2...> operator+(const descr<N1, Ts1...> &a, const descr<N2, Ts2...> &b) {
    return concat(a, b, std::make_index_sequence<N1>(), std::make_index_sequence<N2>());
}

/// A literal TypeScript type text: `const_name("number")`.
template <std::size_t N>
constexpr descr<N - 1> const_name(char const (&text)[N]) {
    return descr<N - 1>(text);
}

/// A number as text: `index_name<12>()` is "12".
template <std::size_t I>
constexpr auto index_name() {
    if constexpr (I < 10)
        return descr<1>(char('0' + I));
    else
        return index_name<I / 10>() + descr<1>(char('0' + I % 10));
}

/// Whether a type text holds a function type (`=>`), which needs
/// parentheses inside a union or an array.
template <std::size_t N, typename... Ts>
constexpr bool has_arrow(const descr<N, Ts...> &d) {
    for (std::size_t i = 0; i + 1 < N; ++i)
        if (d.text[i] == '=' && d.text[i + 1] == '>') return true;
    return false;
}

/// A bound C++ class, written as its registered JS name once known.
template <typename T>
constexpr descr<1, T> class_name() {
    return {'%'};
}

/// A TypeScript type descriptor as stored at run time in function records:
/// pointers into the caster's static constexpr descr.
struct type_sig {
    const char *text = "";
    const std::type_info *const *types = nullptr;
};

template <typename Descr>
constexpr type_sig make_type_sig(const Descr &d) {
    return {d.text, Descr::type_list.data()};
}

} // namespace detail
} // namespace tsbind
