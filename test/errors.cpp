// Test module for exceptions: the fixed mapping of standard exceptions to JS
// errors, registered exception types, and JS exceptions passing through C++.
#include <tsbind/tsbind.h>
#include <tsbind/stl.h>

#include <new>
#include <stdexcept>
#include <string>

namespace {
struct ParseError : std::runtime_error {
    using std::runtime_error::runtime_error;
};
struct SyntaxProblem : ParseError {
    using ParseError::ParseError;
};
struct NotAnException {
    int code;
};
/// A registered type outside the std::exception hierarchy.
struct StatusCode {
    int code;
};
/// A compile error: a SyntaxError in JS, with a code and the position as fields.
struct CompileError : std::runtime_error {
    CompileError(const std::string &what, int line, int column) : std::runtime_error(what), line(line), column(column) {}
    int line, column;
};
/// An error with a fixed code, as Node's own errors have.
struct LevelLocked : std::runtime_error {
    using std::runtime_error::runtime_error;
};
} // namespace

TSBIND_MODULE(errors, m) {
    m.def("throwInvalidArgument", [] { throw std::invalid_argument("bad argument"); });
    m.def("throwOutOfRange", [] { throw std::out_of_range("index 7 out of range"); });
    m.def("throwLengthError", [] { throw std::length_error("too long"); });
    m.def("throwBadAlloc", [] { throw std::bad_alloc(); });
    m.def("throwRuntimeError", [](const std::string &what) { throw std::runtime_error(what); }, tsbind::arg("what"));
    m.def("throwInt", [] { throw 42; });
    m.def("throwUnregistered", [] { throw NotAnException{1}; });

    // The base is registered first: the latest registration is tried first,
    // so a SyntaxProblem is not caught as its base ParseError.
    auto parse_error = m.exception<ParseError>("ParseError");
    m.exception<SyntaxProblem>("SyntaxProblem", parse_error);
    m.exception<StatusCode>("StatusCodeError");
    m.def("failWithStatus", [](int code) { throw StatusCode{code}; }, tsbind::arg("code"));

    // Extending a built-in error class; a code and fields as own enumerable properties.
    m.exception<CompileError>("CompileError", "SyntaxError")
        .code("ERR_COMPILE")
        .field("line", &CompileError::line)
        .field("column", &CompileError::column)
        .field("where", [](const CompileError &e) { return std::to_string(e.line) + ":" + std::to_string(e.column); });
    m.exception<LevelLocked>("LevelLockedError").code("LEVEL_LOCKED");
    m.def("compile", [](const std::string &source) -> int {
        auto at = source.find('@');
        if (at != std::string::npos) throw CompileError("unexpected '@'", 1, int(at) + 1);
        return int(source.size());
    }, tsbind::arg("source"), "Compiles the source.", tsbind::throws<CompileError>());
    m.def("lock", [] { throw LevelLocked("the level is locked"); }, tsbind::throws<LevelLocked>());
    // std::throw_with_nested: a chain of causes, of any kind.
    m.def("nested", [](int depth) {
        try {
            try {
                throw CompileError("inner", 3, 4);
            } catch (...) {
                std::throw_with_nested(std::runtime_error("middle"));
            }
        } catch (...) {
            if (depth > 1) std::throw_with_nested(LevelLocked("outer"));
            throw;
        }
    }, tsbind::arg("depth"));
    // C++ throws a JS value it holds, any value.
    m.def("throwValue", [](tsbind::value v) -> void { throw tsbind::js_error(v.env(), v.handle()); }, tsbind::arg("value"));

    m.def("parse", [](const std::string &text) -> int {
        if (text.empty()) throw SyntaxProblem("empty input");
        if (text.find_first_not_of("0123456789") != std::string::npos) throw ParseError("not a number: " + text);
        return std::stoi(text);
    }, tsbind::arg("text"));

    // A JS exception raised inside a Node-API call that tsbind makes (here:
    // reading an element through a throwing getter or Proxy trap) travels
    // through C++ as tsbind::js_error and reaches JS as the same object.
    m.def("sum", [](const std::vector<double> &values) {
        double total = 0;
        for (double v : values) total += v;
        return total;
    }, tsbind::arg("values"));
}
