// Open-addressing hash tables of live instances, keyed by an address: how an
// environment proves that an unwrapped pointer is one of its instances, and
// finds the JS object of a C++ object it has already wrapped (identity).
//
// napi_unwrap also succeeds on objects that another addon wrapped, whose
// pointer means something else; reading it would be a crash. A type tag
// check (napi_check_object_type_tag) costs about as much as the unwrap
// itself, so instead every instance is entered here when it is wrapped and
// removed when it is finalized, and a pointer found here is ours. A lookup
// is a multiply, a shift and usually one probe. One key may map to several
// instances (a struct and its first member have one address).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace tsbind {
namespace detail {

struct instance;

class instance_map {
public:
    /// The first instance under `key` for which `match(instance)` holds, or null.
    template <typename Match>
    instance *find(const void *key, Match &&match) const {
        if (slots_.empty()) return nullptr;
        for (size_t i = slot_of(key);; i = (i + 1) & mask_) {
            const slot &s = slots_[i];
            if (s.key == nullptr) return nullptr;
            if (s.key == key && s.inst && match(s.inst)) return s.inst;
        }
    }

    /// Whether `inst` is entered under its own address.
    bool contains(const void *inst) const {
        return find(inst, [inst](const instance *i) { return i == inst; }) != nullptr;
    }

    void insert(const void *key, instance *inst) {
        if ((used_ + 1) * 4 >= slots_.size() * 3) rehash(slots_.empty() ? 64 : (live_ * 2 + 2) * 2);
        size_t i = slot_of(key);
        while (slots_[i].key != nullptr && slots_[i].inst != nullptr) i = (i + 1) & mask_;
        if (slots_[i].key == nullptr) ++used_;
        slots_[i] = {key, inst};
        ++live_;
    }

    void erase(const void *key, const instance *inst) {
        if (slots_.empty()) return;
        for (size_t i = slot_of(key);; i = (i + 1) & mask_) {
            slot &s = slots_[i];
            if (s.key == nullptr) return;
            if (s.key == key && s.inst == inst) {
                s.inst = nullptr;  // a tombstone: the key stays, so probing goes on past it
                --live_;
                return;
            }
        }
    }

    size_t size() const { return live_; }

private:
    struct slot {
        const void *key;
        instance *inst;  // null with a key: a tombstone
    };

    size_t slot_of(const void *p) const {
        // Fibonacci hashing of the address (its low bits are alignment).
        return size_t((std::uintptr_t(p) >> 4) * 0x9E3779B97F4A7C15ULL >> shift_) & mask_;
    }

    void rehash(size_t capacity) {
        size_t n = 64;
        while (n < capacity) n *= 2;
        std::vector<slot> old;
        old.swap(slots_);
        slots_.assign(n, slot{nullptr, nullptr});
        mask_ = n - 1;
        shift_ = 64;
        for (size_t m = n; m > 1; m >>= 1) --shift_;
        used_ = live_ = 0;
        for (const slot &s : old)
            if (s.inst != nullptr) insert(s.key, s.inst);
    }

    std::vector<slot> slots_;
    size_t mask_ = 0;
    unsigned shift_ = 64;
    size_t used_ = 0;  // live entries and tombstones
    size_t live_ = 0;
};

} // namespace detail
} // namespace tsbind
