// Test module: typed arrays (views in, vectors out without a copy) and tsbind::vectorize.
#include <tsbind/tsbind.h>
#include <tsbind/stl.h>
#include <tsbind/vectorize.h>

#include <cstddef>
#include <cstdint>
#include <numeric>
#include <span>
#include <vector>

using tsbind::arg;
using tsbind::typed_array;

namespace {
double last_vector_data = 0;

// A vector that outlives every call: returned by const reference, it is copied.
const std::vector<int32_t> &primes() {
    static const std::vector<int32_t> values{2, 3, 5, 7, 11};
    return values;
}
} // namespace

TSBIND_MODULE(arrays, m) {
    // Numbers as a plain Array where the API's contract says Array.
    m.def("histogram", [](const std::vector<double> &values, int bins) {
        tsbind::plain_array<int> counts(static_cast<size_t>(bins > 0 ? bins : 0), 0);
        for (double v : values) {
            int bin = static_cast<int>(v * bins);
            if (bin >= 0 && bin < bins) ++counts[static_cast<size_t>(bin)];
        }
        return counts;
    }, tsbind::arg("values"), tsbind::arg("bins"));
    m.def("plainTotal", [](const tsbind::plain_array<double> &values) {
        return std::accumulate(values.begin(), values.end(), 0.0);
    }, tsbind::arg("values"));
    // Views: no copy in.
    m.def("sum", [](typed_array<const double> values) { return std::accumulate(values.begin(), values.end(), 0.0); },
          arg("values"));
    m.def("sumFloat32", [](typed_array<const float> values) { return std::accumulate(values.begin(), values.end(), 0.0); },
          arg("values"));
    m.def("sumInt8", [](typed_array<const int8_t> v) { return std::accumulate(v.begin(), v.end(), 0); }, arg("values"));
    m.def("sumUint8", [](typed_array<const uint8_t> v) { return std::accumulate(v.begin(), v.end(), 0); }, arg("values"));
    m.def("sumInt16", [](typed_array<const int16_t> v) { return std::accumulate(v.begin(), v.end(), 0); }, arg("values"));
    m.def("sumUint16", [](typed_array<const uint16_t> v) { return std::accumulate(v.begin(), v.end(), 0); }, arg("values"));
    m.def("sumInt32", [](typed_array<const int32_t> v) { return std::accumulate(v.begin(), v.end(), 0.0); }, arg("values"));
    m.def("sumUint32", [](typed_array<const uint32_t> v) { return std::accumulate(v.begin(), v.end(), 0.0); }, arg("values"));
    // Summed as unsigned, which wraps (a signed overflow would be undefined behaviour).
    m.def("sumBigInt64", [](typed_array<const int64_t> v) {
        uint64_t sum = 0;
        for (int64_t x : v) sum += uint64_t(x);
        return tsbind::bigint<int64_t>{int64_t(sum)};
    },
          arg("values"));
    m.def("sumBigUint64", [](typed_array<const uint64_t> v) { return tsbind::bigint<uint64_t>{std::accumulate(v.begin(), v.end(), uint64_t(0))}; },
          arg("values"));
    // Writable views write into the caller's memory.
    m.def("fill", [](typed_array<double> out, double value) { std::fill(out.begin(), out.end(), value); },
          arg("out"), arg("value"));
    m.def("byteLength", [](typed_array<const std::byte> bytes) { return bytes.size(); }, arg("bytes"));
    m.def("xorBytes", [](typed_array<std::byte> bytes, uint8_t mask) {
        for (auto &b : bytes) b ^= std::byte{mask};
    }, arg("bytes"), arg("mask"));
    // A view returned is the same JS object.
    m.def("same", [](typed_array<float> values) { return values; }, arg("values"));
    m.def("spanSum", [](std::span<const double> values) { return std::accumulate(values.begin(), values.end(), 0.0); },
          arg("values"));

    // Results: a typed array made and filled in C++, vectors adopted without a copy, const references copied.
    m.def("ramp", [](tsbind::env env, size_t n) {
        auto out = typed_array<double>::create(env, n);
        for (size_t i = 0; i < n; ++i) out[i] = double(i);
        return out;
    }, arg("n"));
    m.def("ones", [](size_t n) {
        std::vector<double> out(n, 1.0);
        last_vector_data = double(reinterpret_cast<std::uintptr_t>(out.data()));
        return out;
    }, arg("n"));
    // Where the memory of the last vector made by ones() was, to compare with dataAddress().
    m.def("lastVectorData", [] { return last_vector_data; });
    m.def("primes", &primes);
    m.def("int64s", [] { return std::vector<int64_t>{-1, 0, int64_t(1) << 60}; });
    m.def("bytes", [] { return std::vector<uint8_t>{1, 2, 255}; });
    m.def("rows", [] { return std::vector<std::vector<float>>{{1, 2}, {3}}; });
    m.def("flags", [] { return std::vector<bool>{true, false}; });
    m.def("dataAddress", [](typed_array<const double> v) { return double(reinterpret_cast<std::uintptr_t>(v.data())); },
          arg("values"));
    m.def("sumVector", [](const std::vector<double> &v) { return std::accumulate(v.begin(), v.end(), 0.0); },
          arg("values"));
    m.def("sumVectorInt64", [](const std::vector<int64_t> &v) { return double(std::accumulate(v.begin(), v.end(), int64_t(0))); },
          arg("values"));

    // vectorize: a scalar function over arrays, numbers broadcast.
    m.def("scale", tsbind::vectorize([](double x, double factor) { return x * factor; }));
    m.def("clampInt", tsbind::vectorize([](int32_t x, int32_t lo, int32_t hi) { return x < lo ? lo : x > hi ? hi : x; }),
          arg("x"), arg("lo"), arg("hi"), arg("out"));
}
