#include <tsbind/tsbind.h>
TSBIND_MODULE(errors, m) { (void)m; }
