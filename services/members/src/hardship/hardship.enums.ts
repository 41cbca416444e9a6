import { registerEnumType } from 'type-graphql';

/** A regular file, or a temporary one for a passing hardship (an accident, an illness) that may become regular. */
export enum HardshipFileKind {
  REGULAR = 'REGULAR',
  TEMPORARY = 'TEMPORARY',
}

export enum HardshipFileState {
  OPEN = 'OPEN',
  /** 解困: out of hardship; the file and its history stay. */
  EXITED = 'EXITED',
}

export enum HardshipAction {
  OPEN = 'OPEN',
  REVIEW = 'REVIEW',
  CHANGE_TIER = 'CHANGE_TIER',
  EXIT = 'EXIT',
  RETURN = 'RETURN',
  MAKE_REGULAR = 'MAKE_REGULAR',
}

registerEnumType(HardshipFileKind, {
  name: 'HardshipFileKind',
  description: 'Regular hardship file, or a temporary one (临时困难) that may become regular',
  valuesConfig: { REGULAR: { description: 'A regular hardship file (困难职工档案)' }, TEMPORARY: { description: 'Temporary hardship (临时困难), e.g. after an accident or illness' } },
});
registerEnumType(HardshipFileState, {
  name: 'HardshipFileState',
  description: 'Whether the worker is in the hardship register now',
  valuesConfig: { OPEN: { description: 'In the register' }, EXITED: { description: 'Out of hardship (解困); the history is kept' } },
});
registerEnumType(HardshipAction, {
  name: 'HardshipAction',
  description: 'A step in a hardship file\'s history',
  valuesConfig: {
    OPEN: { description: 'The file was opened (建档), with the reason and the evidence seen' },
    REVIEW: { description: 'The yearly review was done; the next one is due a year later' },
    CHANGE_TIER: { description: 'The tier changed' },
    EXIT: { description: 'The worker left hardship (解困), with the reason' },
    RETURN: { description: 'The worker returned into hardship; the file is open again' },
    MAKE_REGULAR: { description: 'A temporary file became a regular one' },
  },
});
