# Toolchain for TRVP guest firmware: bare-metal RV32IM, clang 14 + ld.lld.
# Usage: cmake -S firmware -B build -DCMAKE_TOOLCHAIN_FILE=firmware/cmake/riscv32-clang.cmake
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR riscv32)

find_program(TRVP_RV_CLANG NAMES clang clang-14 REQUIRED)
find_program(TRVP_RV_LLD NAMES ld.lld ld.lld-14 REQUIRED)
find_program(TRVP_RV_OBJDUMP NAMES llvm-objdump llvm-objdump-14)

set(CMAKE_C_COMPILER ${TRVP_RV_CLANG})
set(CMAKE_ASM_COMPILER ${TRVP_RV_CLANG})
set(CMAKE_C_COMPILER_TARGET riscv32-unknown-elf)
set(CMAKE_ASM_COMPILER_TARGET riscv32-unknown-elf)
set(CMAKE_LINKER ${TRVP_RV_LLD})
# There is no libc to link a test program against: only compile during checks.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

# -mno-relax: ld.lld 14 does not perform RISC-V linker relaxation.
# -fno-builtin: stops clang turning the runtime's own loops into memset calls.
set(_trvp_rv "-march=rv32im -mabi=ilp32 -mcmodel=medany -mno-relax -ffreestanding -nostdlib")
set(CMAKE_C_FLAGS_INIT "${_trvp_rv} -fno-builtin -ffunction-sections -fdata-sections -O2 -g -Wall -Wextra")
set(CMAKE_ASM_FLAGS_INIT "${_trvp_rv} -g")

# Link with ld.lld directly (no crt files, no libraries); link.ld is added per target.
set(CMAKE_C_LINK_EXECUTABLE "<CMAKE_LINKER> <LINK_FLAGS> <OBJECTS> -o <TARGET> <LINK_LIBRARIES>")
set(CMAKE_ASM_LINK_EXECUTABLE "${CMAKE_C_LINK_EXECUTABLE}")

set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
