"""The analyst's site (`ogi report`): static pages from the marts, readable offline in a browser."""
