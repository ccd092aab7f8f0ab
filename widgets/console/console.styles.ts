import { css } from 'lit';

/**
 * The console's layout: a navigation bar that wraps, tables that scroll sideways inside their own box rather
 * than the page (320 px, 200 % zoom), groups of generated fields. Colours come from the `--civ-*` tokens only,
 * and borders carry structure, so forced-colours (high-contrast) mode keeps it readable.
 */
export const consoleStyles = css`
  .base,
  main {
    display: grid;
    /* A wide table scrolls inside its own box instead of widening the column (and the page) past 320 px. */
    grid-template-columns: minmax(0, 1fr);
    gap: calc(var(--_space) * 2);
  }
  h1,
  h2,
  h3 {
    margin: 0;
    line-height: 1.25;
  }
  p {
    margin: 0;
  }
  header {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    align-items: center;
    justify-content: space-between;
  }
  nav ul {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
    padding: 0;
    margin: 0;
    list-style: none;
  }
  nav button[aria-current='page'] {
    text-decoration: underline;
    text-underline-offset: 0.3em;
  }
  .table {
    overflow-x: auto;
    /* Holds the visually hidden labels of its buttons, which would otherwise widen the page from where they sit. */
    position: relative;
  }
  table {
    border-collapse: collapse;
    width: 100%;
  }
  caption {
    text-align: start;
    font-weight: bold;
    padding-block: var(--_space);
  }
  th,
  td {
    border: 1px solid var(--_border);
    padding: var(--_space);
    text-align: start;
    vertical-align: top;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_space);
  }
  fieldset {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_space) calc(var(--_space) * 2) calc(var(--_space) * 2);
    margin: 0;
    display: grid;
    gap: var(--_space);
    min-width: 0;
  }
  legend {
    font-weight: bold;
    padding-inline: var(--_space);
  }
  .members {
    list-style: none;
    padding: 0;
    margin: 0;
    display: grid;
    gap: var(--_space);
  }
  .item {
    display: grid;
    gap: var(--_space);
    justify-items: start;
  }
  .item > fieldset {
    width: 100%;
  }
  form {
    display: grid;
    gap: calc(var(--_space) * 2);
  }
  textarea,
  pre {
    width: 100%;
  }
  pre {
    white-space: pre-wrap;
    word-break: break-all;
    border: 1px solid var(--_border);
    padding: var(--_space);
    background: var(--_surface-alt);
  }
  .panel {
    border: 2px solid var(--_primary);
    border-radius: var(--_radius);
    padding: calc(var(--_space) * 2);
    display: grid;
    gap: var(--_space);
  }
  /* The citizens' widget as they will see it, framed so it does not read as part of the console. */
  .citizen-preview {
    border: 1px dashed var(--_border);
    border-radius: var(--_radius);
    padding: var(--_space);
  }
  [tabindex='-1']:focus:not(:focus-visible) {
    outline: none;
  }
`;
