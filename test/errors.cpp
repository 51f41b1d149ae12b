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
