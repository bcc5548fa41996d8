import { testClock } from '../../src/time/clock.js';

// Test files share their worker's modules (isolate: false): each file starts on the real clock,
// whatever the previous file in the same worker left it at.
testClock.reset();
