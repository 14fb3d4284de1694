"""What the tests share: harnesses that drive the real dispatcher, fake clocks, limits lifted."""
