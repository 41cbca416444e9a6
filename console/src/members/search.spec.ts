import { memberSearchFilter } from './search';

describe('memberSearchFilter: one box for a name, a phone or an ID number', () => {
  test('the start of a name', () => {
    expect(memberSearchFilter(' 王建 ')).toEqual({ namePrefix: '王建' });
  });

  test('a full mobile number, spaces and all, is an exact phone lookup', () => {
    expect(memberSearchFilter('138 1234 5678')).toEqual({ phone: '13812345678' });
  });

  test('a full ID number is an exact lookup, with a lower-case x read as X', () => {
    expect(memberSearchFilter('11010119900307123x')).toEqual({ idNumber: '11010119900307123X' });
    expect(memberSearchFilter('110101199003071235')).toEqual({ idNumber: '110101199003071235' });
  });

  test('partial or masked numbers are not lookups: they search names and find nobody, rather than guess', () => {
    expect(memberSearchFilter('138****5678')).toEqual({ namePrefix: '138****5678' });
    expect(memberSearchFilter('1381234567')).toEqual({ namePrefix: '1381234567' });
  });

  test('an empty box searches everyone', () => {
    expect(memberSearchFilter('   ')).toEqual({});
  });
});
