// The widget tests run in @web/test-runner's mocha (`describe`, `it`, hooks as globals). The tsconfig lists
// only node's types, so the browser tests get mocha's here.
/// <reference types="mocha" />
