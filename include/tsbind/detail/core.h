// The records that bindings are made of, and the interface of tsbind's
// compiled core (src/core/).
//
// Templates in the headers only do what needs a C++ type: convert arguments,
// call the function, convert the result. Everything else (the dispatcher,
// overload resolution, argument-count checks, error messages, registries,
// object wrapping) lives once in the compiled core, so that each binding adds
// little code and builds stay fast (nanobind's split).
#pragma once

#include "descr.h"
#include "instance_heap.h"
#include "napi.h"

#include <atomic>
#include <exception>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace tsbind {

/// How a C++ object returned to JS is owned (the names are pybind11's).
enum class return_value_policy : std::uint8_t {
    /// Pointers: take_ownership; lvalue references: copy; values: move.
    automatic,
    /// JS owns the object and deletes it when it is collected or disposed.
    take_ownership,
    /// A new copy owned by JS.
    copy,
    /// Moved into a new object owned by JS.
    move,
    /// JS refers to the object but never deletes it; C++ keeps it alive.
    reference,
    /// Like reference, and keeps the `this` of the call alive while the
    /// result lives (for results that point into `this`).
    reference_internal,
};

namespace detail {

struct env_state;
struct type_record;
struct function_record;

/// Functions by name (a scope's or a class's), to chain overloads: a hash
/// map kept in the compiled core, so that headers need no <unordered_map>.
class name_table {
public:
    struct impl;
    name_table() = default;
    name_table(name_table &&other) noexcept : impl_(other.impl_) { other.impl_ = nullptr; }
    name_table(const name_table &) = delete;
    name_table &operator=(const name_table &) = delete;
    ~name_table();
    impl &get();

private:
    impl *impl_ = nullptr;
};

/// Why an argument did not convert. Filled only on the failure path.
struct load_failure {
    enum class kind : std::uint8_t { type_error, range_error, error };
    kind what = kind::type_error;
    /// Where inside the argument the failure is, e.g. "[3]" for an element.
    std::string path;
    /// "must be ..., got ..."; empty means: derive it from the argument's type.
    std::string message;
};

/// One parameter of a bound function as declared with `arg` / `arg_v`.
struct arg_record {
    std::string name;
    /// The TypeScript type declared with `arg(...).type(...)`, or empty.
    std::string type_override;
    /// The default value as the C++ value given to `arg_v` (null: required).
    /// It is converted afresh for each call that uses it, so a default object
    /// is never shared between calls.
    std::shared_ptr<const void> default_value;
    napi_value (*default_to_js)(napi_env, const void *) = nullptr;

    bool has_default() const { return default_value != nullptr; }
    napi_value make_default(napi_env env) const { return default_to_js(env, default_value.get()); }
};

struct function_call;

/// One binding: a C++ callable with its name, parameters, docs and
/// signature. Overloads of one name form a chain through `next`.
struct function_record {
    std::string name;
    /// Owning class for methods, properties and constructors.
    type_record *scope = nullptr;
    std::string doc;

    /// Converts the arguments, calls the C++ callable, converts the result.
    /// Returns `try_next_overload()` when an argument does not convert.
    napi_value (*impl)(function_call &call) = nullptr;
    /// The callable: in `inline_capture` when it fits (most lambdas and
    /// function pointers: no allocation, nothing to free), else on the heap.
    void *capture = nullptr;
    void (*free_capture)(void *) = nullptr;
    alignas(void *) unsigned char inline_capture[3 * sizeof(void *)];

    /// JS-visible parameter count (without `this`) and how many are required.
    std::uint16_t nargs = 0;
    std::uint16_t nargs_required = 0;
    bool is_method = false;
    bool is_constructor = false;
    bool is_static = false;
    /// Takes a tsbind::call_info: its callback records `new.target`.
    bool wants_new_target = false;
    /// No defaults and at most `stack_args` parameters: a call that leaves out
    /// omittable trailing parameters needs nothing filled in (the callback's
    /// slots already hold `undefined`), so it stays on the fast path.
    bool omitted_are_undefined = false;
    return_value_policy policy = return_value_policy::automatic;
    /// Registered exception types the binding declares it throws (tsbind::throws).
    std::vector<const std::type_info *> throws;
    /// keep_alive<Nurse, Patient> pairs, numbered as the JS values of a call:
    /// 0 the result, then `this` (methods), then the arguments.
    std::vector<std::pair<std::uint8_t, std::uint8_t>> keep_alive;

    std::vector<arg_record> args;
    /// `nargs` parameter types (static storage of the binding's template, or
    /// `own_arg_types` when some are declared with `arg(...).type(...)`).
    const type_sig *arg_types = nullptr;
    std::unique_ptr<type_sig[]> own_arg_types;
    type_sig return_type;
    /// The result's type declared with `returns(...)`, or empty.
    std::string return_override;

    function_record *next = nullptr;
    env_state *state = nullptr;
    /// A result that can go through the JS layer's scratch buffer: its
    /// caster's layout (`n` number, `b` boolean per element of a pair or
    /// tuple), or null (js_layer.cpp).
    const char *scratch_layout = nullptr;
    /// Set on the JS layer's copy of a function whose result is a plain-object
    /// type of numbers (`result_to_scratch`) or has a `scratch_layout`
    /// (`layout_to_scratch`): the result goes to the environment's scratch
    /// buffer, and the JS layer builds the object or array.
    const struct object_record *result_to_scratch = nullptr;
    bool layout_to_scratch = false;
    /// Set on the JS layer's copy of a binding whose bound objects (`this`,
    /// arguments) come with their handles, as its first `handle_count` JS
    /// arguments: whose handle each is (-1 `this`, else the argument's index).
    std::uint8_t handle_count = 0;
    std::int8_t handle_of[4] = {};

    function_record() = default;
    function_record(const function_record &) = delete;
    function_record &operator=(const function_record &) = delete;
    ~function_record();
};

/// One call in progress, as the templates see it.
struct function_call {
    napi_env env;
    const function_record *rec;
    /// Exactly `rec->nargs` values, defaults already filled in.
    napi_value *args;
    napi_value self;
    /// Where argument converters report why they failed; null while trying
    /// overloads (only the last failure of a single overload is reported).
    load_failure *failure;
    /// Index of the argument that failed (-1: `this`).
    int failed_arg;
    /// The async call being set up (def_async), for injected parameters such
    /// as cancel tokens and progress reporters; null for synchronous calls.
    struct async_task *task = nullptr;
    /// How many arguments JS gave, before defaults were filled in (tsbind::call_info).
    std::size_t given = 0;
};

/// Thrown while converting an argument when its failure is an error, not a
/// mismatch that another overload or a later alternative of a union could
/// take instead: a bound object that has been disposed, or an element of an
/// iterable that was walked (an iterator is read once: it cannot be read
/// again for the message, nor by another overload). The dispatcher names the
/// argument (`value` is its handle, `path` where inside it) in the message.
struct argument_error : std::logic_error {
    argument_error(const std::string &what, napi_value value, load_failure::kind kind = load_failure::kind::error,
                   std::string path = {})
        : std::logic_error(what), value(value), kind(kind), path(std::move(path)) {}
    napi_value value;
    load_failure::kind kind;
    std::string path;
};

/// The sentinel an impl returns when its arguments do not match.
inline napi_value try_next_overload() { return reinterpret_cast<napi_value>(std::uintptr_t(1)); }

/// How an instance holds its C++ object.
enum class ownership : std::uint8_t {
    /// C++ owns it (the reference policies, or after it was given to C++).
    none,
    /// JS owns it; `destroy` deletes it.
    heap,
    /// JS owns it, and it lives in the instance's own allocation (objects
    /// constructed from JS: one allocation, not two); `destroy` runs its destructor.
    in_place,
    /// JS holds one `std::shared_ptr` to it (`shared`).
    shared,
};

struct trampoline_link;

/// What few instances need: kept-alive JS objects, dependent instances.
struct instance_links {
    /// JS objects kept alive while this instance lives (keep_alive); those
    /// that are instances count this one among their `keepers`.
    std::vector<napi_ref> keep_alive;
    /// The JS object this one points into (a reference_internal result), kept alive.
    napi_ref parent_object = nullptr;
    /// Instances that point into this one's C++ object (reference_internal
    /// results); they are disposed with it.
    std::vector<struct instance *> dependents;
    /// The instance this one points into, if it is such a dependent.
    struct instance *parent = nullptr;
    /// std::shared_ptr copies in C++ that keep this (trampoline) object's JS object alive.
    std::vector<struct js_hold *> holds;
    /// The object's owner, for ownership::shared.
    std::shared_ptr<void> shared;
    /// Set when the object is a trampoline (of a class that JS may extend).
    struct trampoline_link *trampoline = nullptr;
    /// Bytes reported to the GC with napi_adjust_external_memory.
    std::size_t external_bytes = 0;
};

/// A wrapped C++ object: what a JS instance of a bound class points to.
struct instance {
    /// The most-derived bound class of the object.
    const type_record *type;
    /// The C++ object, as a pointer to `type`'s class; null once disposed or
    /// given to C++.
    void *value;
    /// Deletes `value` (ownership::heap) or destroys it in place (in_place).
    void (*destroy)(void *);
    /// The environment whose tables hold this instance.
    env_state *state;
    /// The reference napi_wrap made: weak, so the JS object can be found
    /// again while it lives (identity); strong while C++ owns a trampoline object.
    napi_ref self = nullptr;
    /// Converted arguments of calls in progress that point to `value`:
    /// while there are any, the object cannot be disposed or given away.
    std::uint32_t borrows = 0;
    /// Objects that keep this one alive (keep_alive<Nurse, Patient>) and may
    /// use it: while there are any, it cannot be disposed or given away.
    std::uint32_t keepers = 0;
    ownership owns = ownership::none;
    /// Made by the JS layer's class: not napi_wrap'ed (napi_add_finalizer).
    bool js_made = false;
    /// What few instances need (kept small: the header of every object).
    std::unique_ptr<instance_links> links;
};

/// Where an object constructed from JS starts in its instance's block (right
/// after the header, aligned for any standard type), and the largest such
/// object: larger ones get an allocation of their own.
constexpr std::size_t in_place_offset =
    (sizeof(instance) + alignof(std::max_align_t) - 1) & ~(alignof(std::max_align_t) - 1);
constexpr std::size_t max_in_place_size = instance_heap::max_block - in_place_offset;

/// The C++ side of a trampoline object (tsbind::trampoline<T>): how an
/// overridden virtual finds the JS object that overrides it.
struct trampoline_link {
    instance *inst = nullptr;
};

/// The getter and setter of one property (the data of its accessors).
struct property_record {
    function_record *getter = nullptr;
    function_record *setter = nullptr;
    bool is_static = false;
};

/// Where bindings are exported: the module's exports, a submodule
/// (module_::def_submodule) or a class (nested classes and enums).
struct export_scope {
    napi_env env;
    env_state *state;
    napi_value object;
    /// Its JS path from the module's exports: "" for the module itself, else
    /// e.g. "types", "Outer" or "types.Outer".
    std::string path;
    /// How an item named `name` here is named in types and messages: "types.Number".
    std::string qualify(const char *name) const { return path.empty() ? std::string(name) : path + "." + name; }
};

/// Enables a constructor for scopes: module_, and class_ (what has `scope()`).
template <typename S>
using if_scope = std::enable_if_t<std::is_same_v<decltype(std::declval<const S &>().scope()), export_scope>>;

/// The scope part of a qualified path ("types" of "types.Number"; "" at the top).
inline std::string scope_of_path(const std::string &path, const std::string &name) {
    return path.size() > name.size() ? path.substr(0, path.size() - name.size() - 1) : std::string();
}

/// A bound C++ class in one environment.
struct type_record {
    /// Its JS name (the constructor's `name`), and its path from the module's
    /// exports, as types and messages name it ("Outer.Set", or "Set" at the top).
    std::string name;
    std::string path;
    /// The key it is exported under in its scope: its name, unless bound with tsbind::export_as.
    std::string key;
    std::string doc;
    const std::type_info *cpptype = nullptr;
    env_state *state = nullptr;
    reference constructor;
    reference prototype;
    /// Constructor overloads (`init<...>`), or null when JS cannot construct.
    function_record *init = nullptr;
    /// The bound base class, and the pointer conversion to it.
    const type_record *base = nullptr;
    void *(*upcast)(void *) = nullptr;
    /// Deletes a heap object of this class; copies and moves one into a new heap object.
    void (*destroy)(void *) = nullptr;
    void *(*copy)(const void *) = nullptr;
    void *(*move)(void *) = nullptr;
    /// The native bytes of an object, reported to the GC (class_::native_size).
    std::shared_ptr<void> native_size_data;
    std::size_t (*native_size)(const void *data, const void *object) = nullptr;
    /// Whether objects are constructed in a std::shared_ptr (class_<T, std::shared_ptr<T>>).
    bool shared_holder = false;
    /// `Foo(x)` means `new Foo(x)` (class_::callable_without_new).
    bool callable_without_new = false;
    /// Methods by name, to chain overloads of one name (statics apart), and
    /// the first overload of each in the order they were bound.
    name_table methods, static_methods;
    std::vector<function_record *> method_order;
    std::vector<std::unique_ptr<property_record>> properties;
};

/// An async call in flight (def_async): what the core needs of it. The
/// templates derive from it to hold the converted arguments and the result.
struct async_task {
    async_task() = default;
    async_task(const async_task &) = delete;
    async_task &operator=(const async_task &) = delete;
    virtual ~async_task() = default;
    /// On the JS thread, just before the work is queued (the call then surely runs).
    virtual void before_queue(napi_env) {}
    /// On a thread-pool thread: calls the C++ function, keeping any exception in `error`.
    virtual void execute() noexcept = 0;
    /// On the JS thread, before the promise settles (delivers the last progress report).
    virtual void before_settle(napi_env) {}
    /// On the JS thread: the result as JS (may throw: the promise then rejects).
    virtual napi_value result(napi_env env) = 0;

    std::exception_ptr error;
    /// The binding, named in crash reports while the work runs.
    const function_record *rec = nullptr;
    /// Set when the call's AbortSignal fires while the work runs (cancel_token reads it).
    std::atomic<bool> cancelled{false};

    // Owned by the core (async.cpp).
    napi_async_work work = nullptr;
    napi_deferred deferred = nullptr;
    /// The JS objects the call uses (its object arguments and `this`), alive until it settles.
    std::vector<napi_ref> keep_alive;
    napi_ref signal = nullptr;
    napi_ref listener = nullptr;
    /// What the abort listener reaches (owned by the listener function).
    void *abort = nullptr;
};

/// A thread-safe function that is safe to call or release from any thread
/// at any time, also after its environment has gone (calls then fail):
/// Node frees a thread-safe function at environment teardown, so every use
/// goes through a shared flag that its finalizer clears.
class tsfn_handle {
public:
    using call_js_fn = void (*)(napi_env env, napi_value fn, void *context, void *data);
    /// On the JS thread. `on_finalize(context)`, if given, runs when the function is finalized.
    tsfn_handle(napi_env env, napi_value fn, const char *name, void *context, call_js_fn call_js,
                void (*on_finalize)(void *context));
    tsfn_handle(const tsfn_handle &) = delete;
    tsfn_handle &operator=(const tsfn_handle &) = delete;
    ~tsfn_handle();
    /// Any thread: queues a call with `data`; false if the environment is gone.
    bool call(void *data) const;
    /// JS thread: whether pending calls keep the event loop alive.
    void keep_alive(napi_env env, bool keep) const;

private:
    struct control;
    std::shared_ptr<control> control_;
};

/// One field of a plain-object type (`object_<T>::field`).
struct field_record {
    std::string name;
    std::string doc;
    /// The field's TypeScript type as a parameter (in) and as a result (out).
    type_sig type_in, type_out;
    /// May be missing or undefined (a std::optional field): `name?: T`.
    bool optional = false;
    /// How a value of another type is coerced first, as JS APIs read options
    /// (`Number(x)`, `String(x)`, `Boolean(x)`; tsbind::coerce), or not at all.
    enum class coercion : std::uint8_t { none, number, string, boolean } coerce = coercion::none;
    /// The member pointer, for the two functions below.
    std::shared_ptr<const void> member;
    /// Reads the field from JS `value` into the C++ object.
    bool (*load)(napi_env env, napi_value value, void *object, const void *member, load_failure *failure) = nullptr;
    /// The field of the C++ object as JS; null for an empty optional (left out).
    napi_value (*cast)(napi_env env, const void *object, const void *member) = nullptr;
    /// The field as a double, for fields whose type crosses as a number or a
    /// boolean that a double holds exactly (scratch results, js_layer.cpp).
    double (*to_double)(const void *object, const void *member) = nullptr;
};

/// A C++ struct that crosses as a plain JS object, field by field, both ways.
struct object_record {
    std::string name;
    /// As type_record::path (objects are types only: nothing is exported).
    std::string path;
    /// Read as JS APIs read options (tsbind::loose): a missing or undefined
    /// field keeps the value the default-constructed struct has.
    bool loose = false;
    std::string doc;
    const std::type_info *cpptype = nullptr;
    /// Default-constructs a T in `storage`, and destroys one in place.
    void (*construct)(void *storage) = nullptr;
    void (*destroy)(void *object) = nullptr;
    std::vector<field_record> fields;
};

/// A C++ enum bound as a frozen JS object of named numbers.
struct enum_record {
    struct value {
        std::string name;
        std::string doc;
        long long number;
    };
    std::string name;
    /// As type_record::path.
    std::string path;
    std::string doc;
    const std::type_info *cpptype = nullptr;
    std::vector<value> values;
    /// A flag enum (tsbind::flags()): any combination of its values, made with `|`, is one.
    bool flags = false;
    /// The JS object, frozen when the module has been initialised.
    reference object;
};

struct exception_translator;

/// Matches a caught exception against one registered type. `e` is the
/// exception when it derives from std::exception, else null (then the
/// translator rethrows the active exception to match it). Returns true, with
/// a JS error pending, when it is of the translator's type.
using translate_fn = bool (*)(napi_env env, const exception_translator &translator, const std::exception *e);

/// A field of a registered exception: an own enumerable property of each JS
/// error, read from the C++ exception object.
struct exception_field {
    std::string name;
    type_sig type;
    std::shared_ptr<const void> member;
    napi_value (*get)(napi_env env, const void *exception, const void *member) = nullptr;
};

/// A registered C++ exception type and the JS Error subclass it becomes.
struct exception_translator {
    translate_fn translate;
    reference constructor;
    std::string name;
    /// As type_record::path.
    std::string path;
    /// "Error", a built-in error class ("SyntaxError"), or the path of the
    /// registered exception class it extends.
    std::string base;
    const std::type_info *cpptype = nullptr;
    /// `err.code` of every error of the class, or empty.
    std::string code;
    std::vector<exception_field> fields;
};

/// The small JS functions the core runs where Node-API has no call for the
/// job (src/core/js_helpers.cpp).
enum class js_helper : std::uint8_t { error_class, inspect, is_shared_array_buffer, settle_to_callback, count };
/// The helper's function in this environment, compiled on first use.
napi_value js_helper_function(napi_env env, js_helper which);

/// Where strings read from JS during a call go (utf8_reader): readers take
/// space in the order they read and give it back when they go, so reading
/// a string is one Node-API call with room for its fast copy, and no
/// allocation. An async call's arguments outlive the call: while they are
/// converted the arena is `suspended` and strings go to the heap.
struct string_arena {
    static constexpr std::size_t size = 64 * 1024;
    std::unique_ptr<char[]> data;
    std::size_t used = 0;
    unsigned suspended = 0;
};

/// Makes strings read while it lives go to the heap (def_async arguments).
class string_arena_suspension {
public:
    explicit string_arena_suspension(napi_env env);
    ~string_arena_suspension();
    string_arena_suspension(const string_arena_suspension &) = delete;
    string_arena_suspension &operator=(const string_arena_suspension &) = delete;

private:
    string_arena *arena_;
};

struct env_token;
struct env_state;

// ---- The compiled core ---------------------------------------------------

/// A strong reference that C++ may keep for as long as it likes, on any
/// thread, also beyond its environment (a std::function stored in a global):
/// the value can be had only on the environment's thread while it lives
/// (else a std::runtime_error), and the reference is deleted only there;
/// dropped elsewhere or later, it is left to the environment, which frees
/// its references when it ends.
class guarded_reference {
public:
    guarded_reference() = default;
    /// On the JS thread of `env`.
    guarded_reference(napi_env env, napi_value value);
    guarded_reference(const guarded_reference &) = delete;
    guarded_reference &operator=(const guarded_reference &) = delete;
    ~guarded_reference();
    explicit operator bool() const { return ref_ != nullptr; }
    /// The value, as a handle in the current scope; throws std::runtime_error
    /// when the environment has ended or this is not its thread. `what` names
    /// the value in the message ("a JS function").
    napi_value value(const char *what) const;

private:
    napi_env env_ = nullptr;
    napi_ref ref_ = nullptr;
    std::shared_ptr<env_token> token_;
};

/// Sets the module's default export (module_::default_export).
void set_default_export(env_state *state, const char *name);

/// Throws std::runtime_error unless the caller is on `token`'s environment's
/// thread and that environment lives; `what` names the value in the message.
void check_js_thread(const env_token *token, const char *what);
/// The token of the environment, for values that check_js_thread later.
std::shared_ptr<env_token> token_of(napi_env env);

/// Makes `rec` the function `scope[rec->name]`, or, when `functions` (the
/// scope's functions by name) already has that name, an overload of it.
void add_function(const export_scope &scope, name_table &functions,
                  std::unique_ptr<function_record> rec);
/// The same for a module_'s def: the scope made here, not in every def.
void add_function(napi_env env, env_state *state, napi_value object, const std::string &path, name_table &functions,
                  std::unique_ptr<function_record> rec);

/// A new record for a binding whose signature is `signature[0]` (result)
/// and `signature[1..cpp_nargs]` (parameters; with `has_self`, the first one
/// is `this`). The rest of make_record's work that needs no C++ type.
std::unique_ptr<function_record> new_record(const char *name, const type_sig *signature, std::size_t cpp_nargs,
                                            bool has_self);
/// Extras of def(): a parameter name (with a default value), a doc string.
/// A JS function of its own for one record (not part of any module or
/// class), which the function owns: the record is freed when it is collected.
napi_value new_function(napi_env env, std::unique_ptr<function_record> rec);
/// The JS layer's scratch buffer of `rec`'s environment (js_layer.cpp).
double *scratch_of(const function_record &rec);
/// Writes the fields of `object`, a result of `rec` (the JS layer's copy of a
/// binding, function_record::result_to_scratch), to the scratch buffer;
/// the result is `undefined` (JS then reads the buffer).
napi_value write_scratch(const function_record &rec, const void *object);
void add_arg(function_record &rec, const char *name, std::shared_ptr<const void> value,
             napi_value (*to_js)(napi_env, const void *), const char *type_override);
void set_doc(function_record &rec, const char *doc);
/// Checks the parameter declarations of a new record (defaults only at the
/// end, names count) and fills `nargs_required`: the last `omittable_tail`
/// parameters may be left out (they take `undefined`), as may those with
/// defaults. Throws std::logic_error.
void finish_record(function_record &rec, std::size_t omittable_tail = 0);

/// Makes `scope[name]` a new object for a submodule, and records it; returns the object.
napi_value add_submodule(const export_scope &scope, const char *name, const char *doc);

/// Defines `scope[name] = value`, read-only and enumerable, and records it
/// for the declarations (`export declare const name: type`).
void add_constant(const export_scope &scope, const char *name, napi_value value, type_sig type, const char *doc);

/// Registers a plain-object type; fields are added to the returned record.
object_record &register_object(const export_scope &scope, const char *name, const char *doc,
                               const std::type_info &type, void (*construct)(void *), void (*destroy)(void *));

/// Converts a plain JS object to a new T (of a type bound with object_) in
/// `storage`; false, with nothing constructed, when `type` is not such a type
/// or the value does not convert.
bool load_plain_object(napi_env env, napi_value value, const std::type_info &type, void *storage,
                       load_failure *failure);

/// Registers an enum as `scope[name]`; values are added with add_enum_value.
enum_record &register_enum(const export_scope &scope, const char *name, const char *doc, const std::type_info &type);
void add_enum_value(napi_env env, enum_record &rec, const char *name, long long number, const char *doc);

/// Whether `number` is a value of enum `type` (any number is, for an enum
/// that is not bound); says which are when it is not.
bool check_enum_value(napi_env env, napi_value value, const std::type_info &type, long long number,
                      load_failure *failure);

/// Starts an async call whose arguments `task` has converted: returns the
/// promise, queues the work on the thread pool (unless the options' signal
/// is already aborted) and settles the promise when it ends. The options
/// object is the last argument of the call.
napi_value start_async(function_call &call, std::unique_ptr<async_task> task);

/// The options object of an async call (its last argument), or null when it was left out.
napi_value async_options(const function_call &call);

/// Converts a caught exception into a pending JS exception: `e` when it is
/// a std::exception, null for anything else (matched by rethrowing, so call
/// it inside the `catch`).
void translate_exception(napi_env env, const std::exception *e) noexcept;

/// Builds "must be <type>, got <value>" for a value that did not convert.
std::string expected_message(napi_env env, napi_value value, type_sig expected);
/// Records that an integer argument is fractional or out of [min, max].
void fail_integer(load_failure *failure, napi_env env, napi_value value, long long min, unsigned long long max,
                  const char *type_name);
/// Records a range failure with a ready message.
void fail_range(load_failure *failure, napi_env env, napi_value value, const char *expected);
/// Records that a nested value (element `index`) failed.
void fail_element(load_failure *failure, napi_env env, napi_value element, std::size_t index, type_sig expected);

/// The length of a JS array (or Proxy of one); false for anything else.
bool array_length(napi_env env, napi_value value, uint32_t *length);

/// What walking an iterable gave: not an iterable object (primitives,
/// strings included, are not taken), every element, or stopped by `each`.
enum class iterated : std::uint8_t { not_iterable, done, stopped };
/// Walks an object that is iterable (a Set, a generator, `arguments`, a
/// Map's entries; not a typed array or DataView) by the iteration protocol, calling `each(context, element,
/// index)` until it returns false (then the iterator is closed, as `for...of`
/// closes it). A JS exception from the iterator throws js_error. With
/// `scope_per_element`, each element's handles live only for its call.
iterated iterate_object(napi_env env, napi_value value, bool (*each)(void *, napi_value, std::uint32_t),
                        void *context, bool scope_per_element);

/// Which byte sources a view takes besides its own kind of typed array.
enum class byte_sources : std::uint8_t {
    /// None (typed_array<double>, ...).
    none,
    /// ArrayBuffer and SharedArrayBuffer too (views of uint8_t).
    buffers,
    /// Any typed array, DataView, ArrayBuffer or SharedArrayBuffer, as bytes (std::byte).
    any,
};

/// Reads a typed array without copying. `accepted` has a bit per
/// napi_typedarray_type that may come; `sources` says which other byte
/// sources are taken. On success, `*data` and `*length` (in elements; in
/// bytes for the other sources) describe the memory. A detached buffer reads
/// as empty where bytes are taken (as TextDecoder reads it), and is a
/// TypeError otherwise; another kind of value gives false.
bool load_typed_array(napi_env env, napi_value value, unsigned accepted, byte_sources sources, void **data,
                      std::size_t *length, load_failure *failure);

/// A new, zero-filled typed array of `length` elements in memory owned by
/// JS. Beyond the largest typed array, or when the memory cannot be had, a
/// JS RangeError (as `new Float64Array(n)` throws), never a fatal error.
napi_value new_typed_array(napi_env env, napi_typedarray_type type, std::size_t length, void **data);

/// A typed array over `data` (`length` elements) without copying: JS calls
/// `finalize(env, data, hint)` when the array is collected. Where the runtime
/// forbids external buffers (napi_no_external_buffers_allowed, as in
/// Electron), the data is copied into JS memory and finalized at once.
napi_value adopt_typed_array(napi_env env, napi_typedarray_type type, std::size_t length, void *data,
                             napi_finalize finalize, void *hint);

/// Whether `value` is an instance of the global class `name` ("Map", "Set", "Date").
bool is_instance_of_global(napi_env env, napi_value value, const char *name);

/// `new <name>()` for a global class.
napi_value new_global(napi_env env, const char *name);

/// `Array.from(value)`: the entries of a Map, the values of a Set.
napi_value array_from(napi_env env, napi_value value);

/// Calls method `name` of `object` with `argc` arguments.
napi_value call_method(napi_env env, napi_value object, const char *name, std::size_t argc, const napi_value *argv);

/// Says that an array has `length` elements where `expected` were needed.
void fail_length(load_failure *failure, std::size_t expected, std::size_t length);

/// Writes a type signature with class names resolved ("Array<Matrix>").
std::string format_type(const env_state *state, type_sig sig);

// Classes (layer 4).
type_record &register_type(const export_scope &scope, const char *name, const char *key, const char *doc,
                           const std::type_info &type, const std::type_info *base, void *(*upcast)(void *),
                           void (*destroy)(void *), void *(*copy)(const void *), void *(*move)(void *));
/// Adds a method (or static method) to a class, chaining overloads. A name
/// such as "[Symbol.iterator]" defines the well-known symbol's method.
void add_method(napi_env env, type_record &type, std::unique_ptr<function_record> rec);
/// Adds a property with a getter and an optional setter.
void add_property(napi_env env, type_record &type, const char *name, std::unique_ptr<function_record> getter,
                  std::unique_ptr<function_record> setter, bool is_static);
/// Adds a constructor overload.
void add_constructor(type_record &type, std::unique_ptr<function_record> rec);

/// A constructor binding's call in progress: where its new C++ object goes.
/// Constructor bindings take it as an injected parameter (class_::def(init)).
class construction {
public:
    construction() = default;
    construction(const construction &) = delete;
    construction &operator=(const construction &) = delete;
    ~construction();
    void start(function_call &call) { call_ = &call; }
    /// Whether `new` was called on a JS class that extends the bound class
    /// (then a trampoline class, if bound, is constructed instead).
    bool subclass() const;
    /// Storage for an object of `size` bytes (aligned for any standard type)
    /// in the new instance's own allocation; freed unless attached.
    void *allocate(std::size_t size);
    /// Makes `value` (a pointer to the bound class) the object of the new JS
    /// instance, owned as `owns`. On failure the object is destroyed.
    void attach(void *value, void (*destroy)(void *), ownership owns, std::shared_ptr<void> shared,
                trampoline_link *trampoline);

private:
    function_call *call_ = nullptr;
    void *memory_ = nullptr;
};

/// Finds the C++ object behind a JS value if it is an instance of `type` (or
/// of a class derived from it), as a pointer to `type`. On success the
/// object is borrowed (`*borrowed`, to be given back with `end_borrow`)
/// and cannot be disposed meanwhile. Null, with `failure` filled, when
/// it is not such an instance; an instance of `type` that has been disposed
/// fills `failure` when given one and otherwise throws disposed_error.
void *borrow_object(napi_env env, napi_value value, const std::type_info &type, load_failure *failure,
                    instance **borrowed);
inline void end_borrow(instance *inst) noexcept { --inst->borrows; }
/// Like borrow_object without borrowing (for checks).
void *load_object(napi_env env, napi_value value, const std::type_info &type, load_failure *failure);

/// std::unique_ptr<T> arguments. `can_give_away` checks at conversion that
/// the borrowed object's ownership can move to C++ (JS owns it, no other
/// argument uses it, and `type` can delete it); `give_away` then takes it
/// when the call starts: the JS object becomes disposed (a trampoline object
/// stays usable, kept alive by C++). Returns the object as a `type` pointer.
bool can_give_away(const instance *inst, const std::type_info &type, bool virtual_destructor,
                   load_failure *failure);
void *give_away(napi_env env, instance *inst, const std::type_info &type);

/// std::shared_ptr<T> arguments: the instance's shared ownership (its
/// object as a `type` pointer in `*value`). False, with `failure`, when
/// JS does not hold the object through a std::shared_ptr.
bool shared_object(const instance *inst, const std::type_info &type, std::shared_ptr<void> *owner, void **value,
                   load_failure *failure);

/// A C++ object being returned to JS: its address as a pointer to the
/// static type, and for polymorphic types its most-derived address and dynamic type.
struct source_object {
    const void *ptr;
    const std::type_info *type;
    const void *most_derived = nullptr;
    const std::type_info *dynamic_type = nullptr;
};

/// Returns the JS object for a C++ object, following `policy`: the JS object
/// that already wraps it when there is one (identity), else a new one, as
/// the most-derived bound class. `parent` is the call's `this`
/// (reference_internal keeps it alive and ties the result to it). Under
/// take_ownership (and automatic) the object is taken over at the call: if
/// wrapping it fails, it is destroyed.
napi_value cast_object(napi_env env, source_object src, return_value_policy policy, napi_value parent);
/// Returns an object that C++ holds in a std::shared_ptr (`owner`): JS shares ownership.
napi_value cast_shared(napi_env env, source_object src, std::shared_ptr<void> owner);

/// Pointers that C++ passes to a JS callback or override are lent for the
/// call: a JS object made for one while the arguments are converted (until
/// `stop()`) is detached when the scope ends, so that a JS object kept
/// beyond the call is disposed instead of pointing to an object C++ may
/// have freed. JS objects that existed before are left as they are.
template <bool Lends>
class lend_scope {
public:
    explicit lend_scope(napi_env) {}
    void stop() {}
};
template <>
class lend_scope<true> {
public:
    explicit lend_scope(napi_env env);
    ~lend_scope();
    lend_scope(const lend_scope &) = delete;
    lend_scope &operator=(const lend_scope &) = delete;
    void stop();

private:
    napi_env env_;
    env_state *state_;
    std::vector<instance *> *previous_;
    std::vector<instance *> lent_;
};

/// Keeps `patient` alive while the instance `nurse` lives (keep_alive<N, P>).
void keep_alive(napi_env env, napi_value nurse, napi_value patient);

/// For a trampoline's virtual method `name`: the environment of its JS
/// object, or null when it has none (then the C++ method runs). Throws when
/// called off the JS thread, where JS cannot run.
napi_env override_env(const trampoline_link *link, const char *name, const char *class_name);
/// When the JS object overrides `name`, the override and the object to call
/// it on (true); false when the C++ method should run. In a handle scope.
bool find_override(const trampoline_link *link, const char *name, napi_value *self, napi_value *fn);
/// A trampoline object is being destroyed (by C++): its JS object, if any,
/// becomes disposed and is no longer kept alive.
void trampoline_destroyed(trampoline_link *link) noexcept;

/// A JS iterator over a C++ range: calls `next(state)` for each value until
/// it returns null; `state` is freed with `free_state` with the iterator.
/// The iterator checks before each step that `owner` is not disposed.
napi_value make_iterator(napi_env env, napi_value owner, void *state, napi_value (*next)(napi_env, void *),
                         void (*free_state)(void *));

// Exceptions (layer 6).
/// Creates a JS Error subclass `name` (extending `base`, named `base_name`:
/// a registered class, or the global error class of that name when `base`
/// is null, Error when both are), exports it on `scope`, and routes C++
/// exceptions that `translate` recognises to it.
exception_translator &register_exception(const export_scope &scope, const char *name, napi_value base, const char *base_name, const std::type_info &type,
                                         translate_fn translate);
/// Makes an error of the translator's class, with `message`, its code and the
/// fields read from `exception`, the pending JS exception.
void set_js_error(napi_env env, const exception_translator &translator, const char *message,
                  const void *exception) noexcept;
/// The registered JS name of C++ exception type `type`, or null.
const std::string *exception_name(const env_state *state, const std::type_info &type);

// Module entry (layer 7).
using module_init_fn = void (*)(napi_env env, napi_value exports, env_state *state);
/// Runs the module body `init` for one environment, then adds the module's
/// self-description (exports[Symbol.for('tsbind.describe')], docs/typegen.md).
napi_value init_module(napi_env env, napi_value exports, const char *name, module_init_fn init) noexcept;

} // namespace detail
} // namespace tsbind
