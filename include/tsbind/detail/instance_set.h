// The set of live instances of one environment: how an unwrapped pointer is
// proven to be ours before it is read.
//
// napi_unwrap also succeeds on objects that another addon wrapped, whose
// pointer means something else; reading it would be a crash. A type tag
// check (napi_check_object_type_tag) costs about as much as the unwrap
// itself, so instead every instance is entered here when it is wrapped and
// removed when it is finalized, and a pointer found here is ours. An open-
// addressing hash set of pointers: a lookup is a multiply, a shift and
// usually one probe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace tsbind {
namespace detail {

class instance_set {
public:
    bool contains(const void *p) const {
        if (slots_.empty()) return false;
        for (size_t i = slot_of(p);; i = (i + 1) & mask_) {
            const void *s = slots_[i];
            if (s == p) return true;
            if (s == nullptr) return false;
        }
    }

    void insert(const void *p) {
        if ((used_ + 1) * 4 >= slots_.size() * 3) rehash(slots_.empty() ? 64 : (live_ * 2 + 2) * 2);
        size_t i = slot_of(p);
        while (slots_[i] != nullptr && slots_[i] != tombstone()) i = (i + 1) & mask_;
        if (slots_[i] == nullptr) ++used_;
        slots_[i] = p;
        ++live_;
    }

    void erase(const void *p) {
        if (slots_.empty()) return;
        for (size_t i = slot_of(p);; i = (i + 1) & mask_) {
            if (slots_[i] == p) {
                slots_[i] = tombstone();
                --live_;
                return;
            }
            if (slots_[i] == nullptr) return;
        }
    }

    size_t size() const { return live_; }

private:
    static const void *tombstone() { return reinterpret_cast<const void *>(std::uintptr_t(1)); }

    size_t slot_of(const void *p) const {
        // Fibonacci hashing of the address (its low bits are alignment).
        return size_t((std::uintptr_t(p) >> 4) * 0x9E3779B97F4A7C15ULL >> shift_) & mask_;
    }

    void rehash(size_t capacity) {
        size_t n = 64;
        while (n < capacity) n *= 2;
        std::vector<const void *> old;
        old.swap(slots_);
        slots_.assign(n, nullptr);
        mask_ = n - 1;
        shift_ = 64;
        for (size_t m = n; m > 1; m >>= 1) --shift_;
        used_ = live_ = 0;
        for (const void *p : old)
            if (p != nullptr && p != tombstone()) insert(p);
    }

    std::vector<const void *> slots_;
    size_t mask_ = 0;
    unsigned shift_ = 64;
    size_t used_ = 0;  // live entries and tombstones
    size_t live_ = 0;
};

} // namespace detail
} // namespace tsbind
