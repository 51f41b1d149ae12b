#include <tsbind/tsbind.h>
TSBIND_MODULE(conversions, m) { (void)m; }
