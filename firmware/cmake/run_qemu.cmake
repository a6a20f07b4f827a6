# Runs one guest ELF under QEMU and checks its exit status and transcript.
#   cmake -DQEMU=... -DELF=x.elf -DEXPECTED=x.out -DEXIT_CODE=n -DMACHINE=virt|spike -P run_qemu.cmake
# Lines containing "[impl]" are implementation-defined and are not compared.
execute_process(
  COMMAND timeout 20 ${QEMU} -machine ${MACHINE} -bios none -nographic -monitor none
          -serial stdio -icount shift=0 -kernel ${ELF}
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
message("${out}")
if(NOT rc EQUAL EXIT_CODE)
  message(FATAL_ERROR "exit status ${rc}, expected ${EXIT_CODE}\n${err}")
endif()
if(EXISTS ${EXPECTED})
  file(READ ${EXPECTED} want)
  string(REPLACE "\r" "" out "${out}")
  string(REGEX REPLACE "[^\n]*\\[impl\\][^\n]*\n" "" got "${out}")
  if(NOT got STREQUAL want)
    file(WRITE ${ELF}.got "${got}")
    message(FATAL_ERROR "transcript differs from ${EXPECTED}; filtered output in ${ELF}.got")
  endif()
endif()
