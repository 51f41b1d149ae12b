// Test module: def_async (promises, errors, cancellation, progress), async_callback, worker threads.
#include <tsbind/tsbind.h>
#include <tsbind/async.h>
#include <tsbind/stl.h>

#include <atomic>
#include <chrono>
#include <numeric>
#include <stdexcept>
#include <string>
#include <thread>
#include <utility>
#include <vector>

using tsbind::arg;
using namespace std::chrono_literals;

namespace {

std::atomic<int> started{0};

/// Burns CPU for `ms` milliseconds (no sleeping: the thread is busy).
void spin(int ms) {
    auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    while (std::chrono::steady_clock::now() < until) {
    }
}

struct Accumulator {
    double total = 0;
    double add(double x) {
        spin(5);
        return total += x;
    }
};

struct QuotaExceeded : std::runtime_error {
    using std::runtime_error::runtime_error;
};

} // namespace

TSBIND_MODULE(async, m) {
    m.exception<QuotaExceeded>("QuotaExceeded");

    m.def_async("add", [](double a, double b) { return a + b; }, arg("a"), arg("b"), "Adds, on the thread pool.");
    m.def_async("noop", [] {});
    m.def_async("compute", [](int ms) {
        spin(ms);
        return ms;
    }, arg("ms"));
    m.def_async("repeat", [](const std::string &text, int times) {
        std::string out;
        for (int i = 0; i < times; ++i) out += text;
        return out;
    }, arg("text"), arg("times"));
    // A view argument outlives the call that converted it: it must not share the string arena.
    m.def_async("echoLater", [](std::string_view text, int ms) {
        spin(ms);
        return std::string(text);
    }, arg("text"), arg("ms"));
    m.def("textLength", [](std::string_view text) { return text.size(); }, arg("text"));
    m.def("withText", [](std::string_view text, const std::function<void()> &then) {
        then();
        return text.size();
    }, arg("text"), arg("then"));
    m.def_async("sum", [](tsbind::typed_array<const double> values) {
        return std::accumulate(values.begin(), values.end(), 0.0);
    }, arg("values"));
    m.def_async("fail", [](const std::string &kind) -> int {
        if (kind == "range") throw std::out_of_range("out of range, off the JS thread");
        if (kind == "quota") throw QuotaExceeded("quota exceeded");
        throw 42;
    }, arg("kind"));

    // Cancellation: polls its token until cancelled or `ms` have passed.
    m.def_async("waitForCancel", [](tsbind::cancel_token token, int ms) {
        ++started;
        auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
        while (!token.cancelled() && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(1ms);
        return token.cancelled();
    }, arg("ms"));
    m.def("started", [] { return started.load(); });

    // Progress: reports 1..n, then returns n.
    m.def_async("countTo", [](int n, int pause_us, tsbind::progress<int> progress) {
        for (int i = 1; i <= n; ++i) {
            progress(i);
            if (pause_us) std::this_thread::sleep_for(std::chrono::microseconds(pause_us));
        }
        return n;
    }, arg("n"), arg("pauseMicroseconds"));

    // Callbacks from other threads.
    m.def_async("sumFromPool", [](tsbind::async_callback<double(int)> callback, int n) {
        double sum = 0;
        for (int i = 0; i < n; ++i) sum += callback(i).get();
        return sum;
    }, arg("callback"), arg("n"));
    // Node-style: the result goes to callback(err, result), not a Promise.
    m.def_async("countWords", [](const std::string &text) {
        if (text.empty()) throw std::invalid_argument("nothing to count");
        int words = 0;
        bool in_word = false;
        for (char c : text) {
            if (c != ' ' && !in_word) ++words;
            in_word = c != ' ';
        }
        return words;
    }, arg("text"), tsbind::node_callback());
    m.def_async("pause", [](int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }, arg("ms"),
                tsbind::node_callback());
    // A callback with a variable number of arguments, called from the pool.
    m.def_async("splitFromPool", [](tsbind::async_callback<int(std::string, tsbind::rest<std::string>)> callback,
                                    std::vector<std::string> lines) {
        int total = 0;
        for (const std::string &line : lines) {
            tsbind::rest<std::string> words;
            std::string word;
            for (char c : line + " ") {
                if (c != ' ') word += c;
                else if (!word.empty()) words.push_back(std::exchange(word, {}));
            }
            total += callback(line, std::move(words)).get();
        }
        return total;
    }, arg("callback"), arg("lines"));
    m.def("callLater", [](tsbind::async_callback<void(int)> callback, int ms, tsbind::env env, bool keep_alive) {
        callback.keep_alive(env, keep_alive);
        std::thread([callback, ms] {
            std::this_thread::sleep_for(std::chrono::milliseconds(ms));
            callback(ms);
        }).detach();
    }, arg("callback"), arg("ms"), arg("keepAlive"));

    tsbind::class_<Accumulator>(m, "Accumulator")
        .def(tsbind::init<>())
        .def_async("add", &Accumulator::add, arg("x"))
        .def_readonly("total", &Accumulator::total);
    // Ownership handed to async work: taken from its JS object on the JS thread, as the work is queued.
    m.def_async("drain", [](std::unique_ptr<Accumulator> a) { return a ? a->total : -1.0; }, arg("accumulator"));
    // A progress value that cannot be a JS number rejects the promise (a RangeError), as onProgress throwing does.
    m.def_async("reportHuge", [](tsbind::progress<int64_t> progress) {
        progress(int64_t(1) << 60);
        return 1;
    });
}
