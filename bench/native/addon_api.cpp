// node-addon-api baseline: every benchmark operation written the idiomatic way.
//
// Idiomatic means what node-addon-api's docs and examples show, with C++
// exceptions on (the common build): `As<T>()` plus the value accessors, which
// throw a JS TypeError on a wrong type, `Utf8Value()` for strings, ObjectWrap
// for classes, AsyncWorker for async work.
#include <napi.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

Napi::Value Add(const Napi::CallbackInfo& info) {
  double a = info[0].As<Napi::Number>().DoubleValue();
  double b = info[1].As<Napi::Number>().DoubleValue();
  return Napi::Number::New(info.Env(), a + b);
}

Napi::Value AddInt(const Napi::CallbackInfo& info) {
  int32_t a = info[0].As<Napi::Number>().Int32Value();
  int32_t b = info[1].As<Napi::Number>().Int32Value();
  return Napi::Number::New(info.Env(), static_cast<int32_t>(static_cast<uint32_t>(a) + static_cast<uint32_t>(b)));
}

// addOpt(a, b, c?): a + b, plus c when given.
Napi::Value AddOpt(const Napi::CallbackInfo& info) {
  double a = info[0].As<Napi::Number>().DoubleValue();
  double b = info[1].As<Napi::Number>().DoubleValue();
  if (info[2].IsUndefined()) return Napi::Number::New(info.Env(), a + b);
  return Napi::Number::New(info.Env(), a + b + info[2].As<Napi::Number>().DoubleValue());
}

Napi::Value StrBytes(const Napi::CallbackInfo& info) {
  std::string s = info[0].As<Napi::String>().Utf8Value();
  return Napi::Number::New(info.Env(), static_cast<double>(s.size()));
}

Napi::Value Greet(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), "hello, world 16B", 16);
}

Napi::Value MakePoint(const Napi::CallbackInfo& info) {
  Napi::Object point = Napi::Object::New(info.Env());
  point.Set("x", 1.5);
  point.Set("y", 2.5);
  return point;
}

// callN(cb, n): one HandleScope per call, as for the raw version.
Napi::Value CallN(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Function cb = info[0].As<Napi::Function>();
  uint32_t n = info[1].As<Napi::Number>().Uint32Value();
  double sum = 0;
  for (uint32_t i = 0; i < n; i++) {
    Napi::HandleScope scope(env);
    sum += cb.Call({Napi::Number::New(env, i)}).As<Napi::Number>().DoubleValue();
  }
  return Napi::Number::New(env, sum);
}

Napi::Value ThrowError(const Napi::CallbackInfo& info) {
  throw Napi::Error::New(info.Env(), "boom");
}

// 20 methods, so that per-class costs show in the method-call row (which calls add).
class Counter : public Napi::ObjectWrap<Counter> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "Counter",
                       {
                           InstanceMethod<&Counter::Add>("add"),
                           InstanceMethod<&Counter::Sub>("sub"),
                           InstanceMethod<&Counter::Mul>("mul"),
                           InstanceMethod<&Counter::Div>("div"),
                           InstanceMethod<&Counter::Set>("set"),
                           InstanceMethod<&Counter::Min>("min"),
                           InstanceMethod<&Counter::Max>("max"),
                           InstanceMethod<&Counter::Avg>("avg"),
                           InstanceMethod<&Counter::Get>("get"),
                           InstanceMethod<&Counter::Reset>("reset"),
                           InstanceMethod<&Counter::Inc>("inc"),
                           InstanceMethod<&Counter::Dec>("dec"),
                           InstanceMethod<&Counter::Negate>("negate"),
                           InstanceMethod<&Counter::Twice>("twice"),
                           InstanceMethod<&Counter::Half>("half"),
                           InstanceMethod<&Counter::Square>("square"),
                           InstanceMethod<&Counter::Cube>("cube"),
                           InstanceMethod<&Counter::Abs>("abs"),
                           InstanceMethod<&Counter::Sign>("sign"),
                           InstanceMethod<&Counter::Reciprocal>("reciprocal"),
                       });
  }
  explicit Counter(const Napi::CallbackInfo& info)
      : Napi::ObjectWrap<Counter>(info), total_(info[0].As<Napi::Number>().DoubleValue()) {}
  double Total() const { return total_; }

 private:
  Napi::Value Add(const Napi::CallbackInfo& info) {
    total_ += info[0].As<Napi::Number>().DoubleValue();
    return Napi::Number::New(info.Env(), total_);
  }
  static double Arg(const Napi::CallbackInfo& info) { return info[0].As<Napi::Number>().DoubleValue(); }
  Napi::Value Result(const Napi::CallbackInfo& info) const { return Napi::Number::New(info.Env(), total_); }
  Napi::Value Sub(const Napi::CallbackInfo& info) { total_ -= Arg(info); return Result(info); }
  Napi::Value Mul(const Napi::CallbackInfo& info) { total_ *= Arg(info); return Result(info); }
  Napi::Value Div(const Napi::CallbackInfo& info) { total_ /= Arg(info); return Result(info); }
  Napi::Value Set(const Napi::CallbackInfo& info) { total_ = Arg(info); return Result(info); }
  Napi::Value Min(const Napi::CallbackInfo& info) {
    double x = Arg(info);
    if (x < total_) total_ = x;
    return Result(info);
  }
  Napi::Value Max(const Napi::CallbackInfo& info) {
    double x = Arg(info);
    if (x > total_) total_ = x;
    return Result(info);
  }
  Napi::Value Avg(const Napi::CallbackInfo& info) { total_ = (total_ + Arg(info)) / 2; return Result(info); }
  Napi::Value Get(const Napi::CallbackInfo& info) { return Result(info); }
  Napi::Value Reset(const Napi::CallbackInfo& info) { total_ = 0; return Result(info); }
  Napi::Value Inc(const Napi::CallbackInfo& info) { total_ += 1; return Result(info); }
  Napi::Value Dec(const Napi::CallbackInfo& info) { total_ -= 1; return Result(info); }
  Napi::Value Negate(const Napi::CallbackInfo& info) { total_ = -total_; return Result(info); }
  Napi::Value Twice(const Napi::CallbackInfo& info) { total_ *= 2; return Result(info); }
  Napi::Value Half(const Napi::CallbackInfo& info) { total_ /= 2; return Result(info); }
  Napi::Value Square(const Napi::CallbackInfo& info) { total_ *= total_; return Result(info); }
  Napi::Value Cube(const Napi::CallbackInfo& info) { total_ = total_ * total_ * total_; return Result(info); }
  Napi::Value Abs(const Napi::CallbackInfo& info) {
    if (total_ < 0) total_ = -total_;
    return Result(info);
  }
  Napi::Value Sign(const Napi::CallbackInfo& info) { total_ = (total_ > 0) - (total_ < 0); return Result(info); }
  Napi::Value Reciprocal(const Napi::CallbackInfo& info) { total_ = 1 / total_; return Result(info); }
  double total_;
};

// readTotal(counter): a wrapped object as an argument.
Napi::Value ReadTotal(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), Counter::Unwrap(info[0].As<Napi::Object>())->Total());
}

Napi::Value SumArray(const Napi::CallbackInfo& info) {
  Napi::Float64Array array = info[0].As<Napi::Float64Array>();
  const double* data = array.Data();
  size_t length = array.ElementLength();
  double sum = 0;
  for (size_t i = 0; i < length; i++) sum += data[i];
  return Napi::Number::New(info.Env(), sum);
}

Napi::Value MakeVector(const Napi::CallbackInfo& info) {
  uint32_t n = info[0].As<Napi::Number>().Uint32Value();
  Napi::Float64Array array = Napi::Float64Array::New(info.Env(), n);
  double* data = array.Data();
  for (uint32_t i = 0; i < n; i++) data[i] = 1.0;
  return array;
}

// adoptVector(n): n doubles from malloc, untouched, handed to JS without a copy.
Napi::Value AdoptVector(const Napi::CallbackInfo& info) {
  uint32_t n = info[0].As<Napi::Number>().Uint32Value();
  auto* data = static_cast<double*>(std::malloc(size_t(n) * sizeof(double) + 1));
  if (!data) throw Napi::Error::New(info.Env(), "out of memory");
  Napi::ArrayBuffer buffer =
      Napi::ArrayBuffer::New(info.Env(), data, size_t(n) * sizeof(double), [](Napi::Env, void* p) { std::free(p); });
  return Napi::Float64Array::New(info.Env(), n, buffer, 0);
}

// copyVector(): a copy of 1e6 ones that C++ keeps.
Napi::Value CopyVector(const Napi::CallbackInfo& info) {
  static const std::vector<double> source(1000000, 1.0);
  Napi::Float64Array array = Napi::Float64Array::New(info.Env(), source.size());
  std::memcpy(array.Data(), source.data(), source.size() * sizeof(double));
  return array;
}

double ScaleOne(double x) { return x * 1.5 + 0.5; }

Napi::Value Scale(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), ScaleOne(info[0].As<Napi::Number>().DoubleValue()));
}

void ScaleArray(const Napi::CallbackInfo& info) {
  Napi::Float64Array in = info[0].As<Napi::Float64Array>();
  Napi::Float64Array out = info[1].As<Napi::Float64Array>();
  if (in.ElementLength() != out.ElementLength()) {
    throw Napi::RangeError::New(info.Env(), "scaleArray: arrays differ in length");
  }
  const double* src = in.Data();
  double* dst = out.Data();
  for (size_t i = 0, n = in.ElementLength(); i < n; i++) dst[i] = ScaleOne(src[i]);
}

class NoopWorker : public Napi::AsyncWorker {
 public:
  explicit NoopWorker(Napi::Env env) : Napi::AsyncWorker(env), deferred_(Napi::Promise::Deferred::New(env)) {}
  Napi::Promise Promise() { return deferred_.Promise(); }

 protected:
  void Execute() override {}
  void OnOK() override { deferred_.Resolve(Env().Undefined()); }
  void OnError(const Napi::Error& error) override { deferred_.Reject(error.Value()); }

 private:
  Napi::Promise::Deferred deferred_;
};

Napi::Value AsyncNoop(const Napi::CallbackInfo& info) {
  auto* worker = new NoopWorker(info.Env());  // AsyncWorker deletes itself after OnOK
  Napi::Promise promise = worker->Promise();
  worker->Queue();
  return promise;
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("add", Napi::Function::New<Add>(env, "add"));
  exports.Set("addInt", Napi::Function::New<AddInt>(env, "addInt"));
  exports.Set("addOpt", Napi::Function::New<AddOpt>(env, "addOpt"));
  exports.Set("strBytes", Napi::Function::New<StrBytes>(env, "strBytes"));
  exports.Set("greet", Napi::Function::New<Greet>(env, "greet"));
  exports.Set("makePoint", Napi::Function::New<MakePoint>(env, "makePoint"));
  exports.Set("callN", Napi::Function::New<CallN>(env, "callN"));
  exports.Set("throwError", Napi::Function::New<ThrowError>(env, "throwError"));
  exports.Set("Counter", Counter::Define(env));
  exports.Set("readTotal", Napi::Function::New<ReadTotal>(env, "readTotal"));
  exports.Set("sumArray", Napi::Function::New<SumArray>(env, "sumArray"));
  exports.Set("makeVector", Napi::Function::New<MakeVector>(env, "makeVector"));
  exports.Set("adoptVector", Napi::Function::New<AdoptVector>(env, "adoptVector"));
  exports.Set("copyVector", Napi::Function::New<CopyVector>(env, "copyVector"));
  exports.Set("scale", Napi::Function::New<Scale>(env, "scale"));
  exports.Set("scaleArray", Napi::Function::New<ScaleArray>(env, "scaleArray"));
  exports.Set("asyncNoop", Napi::Function::New<AsyncNoop>(env, "asyncNoop"));
  return exports;
}

}  // namespace

NODE_API_MODULE(bench_addon_api, Init)
