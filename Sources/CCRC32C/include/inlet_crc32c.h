// Hardware CRC-32C (Castagnoli) for Kafka record batches: the SSE4.2 / ARMv8 crc32c instructions.
// Callers check inlet_crc32c_hardware_available() and use a table-driven fallback otherwise.
#ifndef INLET_CRC32C_H
#define INLET_CRC32C_H

#include <stddef.h>
#include <stdint.h>

/// 1 when this CPU has crc32c instructions that inlet_crc32c_hardware_update can use, else 0.
int inlet_crc32c_hardware_available(void);

/// Advances a raw (pre-inverted) CRC-32C state over `length` bytes with the crc32c instructions.
/// Only call it when inlet_crc32c_hardware_available() returned 1.
uint32_t inlet_crc32c_hardware_update(uint32_t state, const void *bytes, size_t length);

#endif
