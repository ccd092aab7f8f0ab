/// <reference types="vite/client" />
import { setCustomElementsManifest, type Preview } from '@storybook/web-components-vite';

// Written by `npm run build:manifest` (run before `storybook` and `build-storybook`): the elements' attributes,
// properties, events, slots, parts and custom properties become the stories' controls and docs. Read through a
// glob so that a fresh clone type-checks before any build.
const [manifest] = Object.values(import.meta.glob<{ default: object }>('../../dist/custom-elements.json', { eager: true }));
if (manifest) setCustomElementsManifest(manifest.default);

// The widgets speak the page's language, and Storybook's frame says English: the stories show the French default.
document.documentElement.lang = 'fr';

const preview: Preview = {
  tags: ['autodocs'],
  parameters: {
    layout: 'padded',
    controls: { expanded: true },
  },
};

export default preview;
