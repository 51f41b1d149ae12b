// Unit test of the instance heap, the allocator behind every instance
// (src/core/instance_heap.cpp), on what JS cannot reach: interior and foreign
// pointers, overlap, reuse, size classes and giving memory back. A program of
// its own, since it tests tsbind::detail, which bindings never name; run by
// test/ownership.test.ts. Prints "ok", or what failed (exit code 1).
#include <tsbind/tsbind.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace {

std::string instance_heap_self_test() {
    using tsbind::detail::instance_heap;
    std::string failures;
    auto expect = [&](bool ok, const char *what) {
        if (!ok) failures += std::string(what) + "; ";
    };
    instance_heap heap;
    constexpr size_t count = 3000, size = 80;  // about 800 blocks of 80 bytes fit a 64 KiB chunk
    std::vector<char *> blocks;
    for (size_t i = 0; i < count; ++i) blocks.push_back(static_cast<char *>(heap.allocate(size)));
    expect(heap.size() == count, "size() counts the live blocks");
    expect(heap.chunks() >= 4, "3,000 blocks of 80 bytes take several chunks");
    expect(std::set<char *>(blocks.begin(), blocks.end()).size() == count, "every block is distinct");
    bool contained = true, aligned = true;
    for (char *b : blocks) {
        contained = contained && heap.contains(b);
        aligned = aligned && reinterpret_cast<std::uintptr_t>(b) % alignof(std::max_align_t) == 0;
    }
    expect(contained, "every live block is contained");
    expect(aligned, "blocks are aligned for any standard type");
    for (size_t i = 0; i < count; ++i) std::memset(blocks[i], int(i & 0xff), size);
    bool intact = true;
    for (size_t i = 0; i < count; ++i)
        for (size_t j = 0; j < size; ++j) intact = intact && static_cast<unsigned char>(blocks[i][j]) == (i & 0xff);
    expect(intact, "blocks do not overlap");

    // Pointers that are not the start of a live block.
    int on_stack = 0;
    auto *chunk = reinterpret_cast<char *>(reinterpret_cast<std::uintptr_t>(blocks[0]) & ~(instance_heap::chunk_size - 1));
    expect(!heap.contains(blocks[10] + 16), "an interior pointer is not a block");
    expect(!heap.contains(blocks[10] - 8), "a pointer just before a block is not a block");
    expect(!heap.contains(chunk), "a chunk's start (its header) is not a block");
    expect(!heap.contains(chunk + 64), "a pointer into a chunk's header is not a block");
    expect(!heap.contains(&on_stack), "a stack address is not a block");
    expect(!heap.contains(nullptr), "null is not a block");
    auto heap_object = std::make_unique<char[]>(size);
    expect(!heap.contains(heap_object.get()), "a malloc'd object is not a block");

    // Block numbers (the JS layer's handles): distinct, small, and each names its own live block.
    std::set<std::uint32_t> numbers;
    bool named = true, small = true;
    for (char *b : blocks) {
        std::uint32_t n = heap.number_of(b);
        numbers.insert(n);
        named = named && heap.block_numbered(n) == b;
        small = small && n != 0 && n < (std::uint32_t(1) << 30);
    }
    expect(numbers.size() == count, "every block has its own number");
    expect(named, "a block's number names that block");
    expect(small, "block numbers are neither 0 nor beyond 2^30");
    std::uint32_t last = *numbers.rbegin();
    expect(heap.block_numbered(0) == nullptr, "0 names no block");
    expect(heap.block_numbered(last + 1024 * 1000) == nullptr, "a number past every chunk names no block");
    expect(heap.block_numbered(0xffffffffu) == nullptr, "the largest number names no block");
    expect(heap.block_numbered((heap.number_of(blocks[0]) & ~1023u) | 1023u) == nullptr,
           "an index past a chunk's capacity names no block");

    // Freed blocks are no longer contained, and are reused before any new chunk.
    std::set<char *> freed;
    for (size_t i = 0; i < count; i += 2) {
        heap.free(blocks[i]);
        freed.insert(blocks[i]);
    }
    bool gone = true, unnamed = true;
    for (char *b : freed) {
        gone = gone && !heap.contains(b);
        unnamed = unnamed && heap.block_numbered(heap.number_of(b)) == nullptr;
    }
    expect(gone, "a freed block is not contained");
    expect(unnamed, "a freed block's number names no block");
    expect(heap.size() == count / 2, "size() falls as blocks are freed");
    size_t chunks_before = heap.chunks();
    bool reused = true;
    for (size_t i = 0; i < count; i += 2) {
        blocks[i] = static_cast<char *>(heap.allocate(size));
        reused = reused && freed.count(blocks[i]) == 1;
    }
    expect(reused, "freed blocks are reused");
    expect(heap.chunks() == chunks_before, "reuse takes no new chunk");
    bool kept = true;
    for (size_t i = 1; i < count; i += 2)
        for (size_t j = 0; j < size; ++j) kept = kept && static_cast<unsigned char>(blocks[i][j]) == (i & 0xff);
    expect(kept, "live blocks are untouched by frees and reuse around them");

    // Other size classes, in the same heap.
    void *smallest = heap.allocate(1);
    void *largest = heap.allocate(instance_heap::max_block);
    expect(heap.contains(smallest) && heap.contains(largest), "the smallest and largest blocks are contained");
    std::memset(largest, 0x5a, instance_heap::max_block);
    heap.free(smallest);
    heap.free(largest);

    // Emptied, the heap gives its chunks back but for one open chunk per
    // size class used and at most 16 spares.
    for (char *b : blocks) heap.free(b);
    expect(heap.size() == 0, "size() is 0 once every block is freed");
    expect(heap.chunks() <= 3 + 16, "an emptied heap keeps at most its spares and one chunk per size class");
    return failures.empty() ? "ok" : failures;
}

} // namespace

int main() {
    static_assert(tsbind::detail::max_in_place_size < 1000, "test/classes.cpp's Big must be too big for its block");
    std::string result = instance_heap_self_test();
    std::puts(result.c_str());
    return result == "ok" ? 0 : 1;
}
