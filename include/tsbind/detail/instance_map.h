// An open-addressing hash table of instances keyed by an address: how an
// environment finds the JS object of a C++ object it has already wrapped
// (identity), for objects that do not live in their instance's own block.
// A lookup is a multiply, a shift and usually one probe. One key may map to
// several instances (a struct and its first member have one address).
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
            if (s.key == key && match(s.inst)) return s.inst;
        }
    }

    void insert(const void *key, instance *inst) {
        if ((size_ + 1) * 4 >= slots_.size() * 3) rehash(slots_.empty() ? 64 : slots_.size() * 2);
        size_t i = slot_of(key);
        while (slots_[i].key != nullptr) i = (i + 1) & mask_;
        slots_[i] = {key, inst};
        ++size_;
    }

    void erase(const void *key, const instance *inst) {
        if (slots_.empty()) return;
        size_t i = slot_of(key);
        for (;; i = (i + 1) & mask_) {
            if (slots_[i].key == nullptr) return;
            if (slots_[i].key == key && slots_[i].inst == inst) break;
        }
        // Backward-shift deletion: move later entries of the run into the
        // hole when their home slot allows, so no tombstones lengthen probes.
        for (size_t j = (i + 1) & mask_;; j = (j + 1) & mask_) {
            if (slots_[j].key == nullptr) break;
            size_t home = slot_of(slots_[j].key);
            // Stay when home lies cyclically in (i, j].
            bool stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
            if (stays) continue;
            slots_[i] = slots_[j];
            i = j;
        }
        slots_[i] = slot{nullptr, nullptr};
        --size_;
        // Give memory back after a peak (many objects collected at once).
        if (slots_.size() > 1024 && size_ * 8 < slots_.size()) rehash(slots_.size() / 2);
    }

private:
    struct slot {
        const void *key;  // null: empty
        instance *inst;
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
        size_ = 0;
        for (const slot &s : old)
            if (s.key != nullptr) insert(s.key, s.inst);
    }

    std::vector<slot> slots_;
    size_t mask_ = 0;
    unsigned shift_ = 64;
    size_t size_ = 0;
};

} // namespace detail
} // namespace tsbind
