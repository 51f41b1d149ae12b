// Uses every declaration of test/goldens/conversions.d.ts; each `@ts-expect-error` line must fail to type-check.
import {
  echoBool, echoInt8, echoUint8, echoInt16, echoUint16, echoInt32, echoUint32, echoInt64, echoUint64, echoLong, echoSize,
  echoFloat, echoDouble, echoChar, echoString, echoU16String, echoDoubles, echoStrings, echoMatrix, echoBools,
  stringLength, viewLength, viewEcho, aroundCall, cstrEcho, cstrIsNull, u16Length, echoWString, wideLength, wideCodePoints, wcstrEcho,
  wideGreeting, wideFromPoints, sumDoubles, countDown, int64Max, int64Safe,
  int64NegSafe, uint64Unsafe, echoBigInt64, echoBigUint64, toFahrenheit, boilingPoint, nothing, nullCstr, stringWithNul,
} from '../goldens/conversions.js';

export function use(): unknown[] {
  const flag: boolean = echoBool(true) && cstrIsNull(null);
  const numbers: number[] = [
    echoInt8(1), echoUint8(1), echoInt16(1), echoUint16(1), echoInt32(1), echoUint32(1),
    echoInt64(1), echoInt64(1n), echoUint64(2n), echoLong(3), echoSize(4n), echoFloat(0.5), echoDouble(0.25),
    stringLength('abc'), viewLength('abc'), u16Length('abc'), wideLength('w'), wideCodePoints('w')[0] ?? 0, sumDoubles([1, 2]), int64Max(), int64Safe(),
    int64NegSafe(), uint64Unsafe(), toFahrenheit(100), boilingPoint(),
  ];
  const texts: string[] = [echoChar('a'), echoString('s'), echoU16String('u'), echoWString('w'), wcstrEcho('c') ?? '', wideGreeting() ?? '', wideFromPoints([65]), viewEcho('v'), stringWithNul(), aroundCall('a', (text) => text, 'b')];
  const maybe: (string | null)[] = [cstrEcho('c'), cstrEcho(null), nullCstr()];
  const arrays: unknown[] = [echoDoubles([1]), echoStrings(['a']), echoMatrix([[1]]), echoBools([true]), countDown(3)];
  const bigints: bigint[] = [echoBigInt64(1n), echoBigInt64(1), echoBigUint64(2n)];
  nothing();

  // @ts-expect-error: a number is not a boolean
  echoBool(1);
  // @ts-expect-error: a 32-bit integer parameter does not take a bigint
  echoInt32(1n);
  // @ts-expect-error: the result may be null
  const text: string = cstrEcho('x');
  // @ts-expect-error: an array of the wrong element type
  echoDoubles(['1']);
  // @ts-expect-error: a nested array is not a flat one
  echoMatrix([1, 2]);
  // @ts-expect-error: a bigint result is not a number
  const small: number = echoBigInt64(1n);
  return [flag, numbers, texts, maybe, arrays, bigints, text, small];
}
