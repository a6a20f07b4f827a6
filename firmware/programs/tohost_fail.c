/* tohost_fail: reports failure code 3 through tohost (writes (3 << 1) | 1 = 7). */
#include "trvp.h"

int main(void) {
    tohost_exit(3);
}
