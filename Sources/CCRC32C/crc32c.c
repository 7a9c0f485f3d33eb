#include "inlet_crc32c.h"

#include <string.h>

#if defined(__x86_64__) || defined(__i386__)
#include <nmmintrin.h>

int inlet_crc32c_hardware_available(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("sse4.2") ? 1 : 0;
}

__attribute__((target("sse4.2")))
uint32_t inlet_crc32c_hardware_update(uint32_t state, const void *bytes, size_t length) {
    const unsigned char *p = (const unsigned char *)bytes;
    while (length > 0 && ((uintptr_t)p & 7) != 0) {
        state = _mm_crc32_u8(state, *p++);
        length--;
    }
#if defined(__x86_64__)
    uint64_t crc = state;
    while (length >= 8) {
        uint64_t word;
        memcpy(&word, p, 8);
        crc = _mm_crc32_u64(crc, word);
        p += 8;
        length -= 8;
    }
    state = (uint32_t)crc;
#endif
    while (length > 0) {
        state = _mm_crc32_u8(state, *p++);
        length--;
    }
    return state;
}

#elif defined(__aarch64__) && defined(__ARM_FEATURE_CRC32)
#include <arm_acle.h>

int inlet_crc32c_hardware_available(void) { return 1; }

uint32_t inlet_crc32c_hardware_update(uint32_t state, const void *bytes, size_t length) {
    const unsigned char *p = (const unsigned char *)bytes;
    while (length >= 8) {
        uint64_t word;
        memcpy(&word, p, 8);
        state = __crc32cd(state, word);
        p += 8;
        length -= 8;
    }
    while (length > 0) {
        state = __crc32cb(state, *p++);
        length--;
    }
    return state;
}

#else

int inlet_crc32c_hardware_available(void) { return 0; }

uint32_t inlet_crc32c_hardware_update(uint32_t state, const void *bytes, size_t length) {
    (void)bytes;
    (void)length;
    return state;
}

#endif
