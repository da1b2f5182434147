"""Pictures for the demo's site photos, drawn with Pillow so no image file is kept in the repository.

Each scene is a simple flat illustration (sky, ground, buildings, trees) in the colours of a real
photo, varied by a seeded random generator so every round's photos differ but stay the same from
one seeding to the next.
"""

import io

from PIL import Image, ImageDraw, ImageOps

WIDTH, HEIGHT = 1200, 800

SKIES = [
    ((92, 148, 214), (196, 222, 242)),  # clear noon
    ((120, 160, 200), (232, 226, 210)),  # hazy morning
    ((150, 170, 190), (214, 220, 226)),  # overcast
    ((70, 130, 200), (240, 214, 170)),  # late afternoon
]
WALLS = [(226, 220, 208), (236, 232, 224), (214, 206, 192), (232, 214, 196), (206, 214, 220)]
ROOFS = [(150, 64, 52), (90, 96, 110), (126, 84, 60), (70, 84, 100)]
PARTY_RED = (196, 30, 36)
GOLD = (244, 200, 90)


def _mix(a, b, t):
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def _vertical_gradient(size, top, bottom):
    """A smooth gradient from `top` to `bottom` colour, stretched from Pillow's built-in ramp."""
    width, height = size
    ramp = Image.linear_gradient("L").resize((1, height))
    return ImageOps.colorize(ramp, top, bottom).resize(size, Image.Resampling.NEAREST)


def _vary(colour, rng, spread=12):
    return tuple(max(0, min(255, c + rng.randint(-spread, spread))) for c in colour)


def _clouds(draw, rng, horizon):
    for _ in range(rng.randint(2, 4)):
        x, y = rng.randint(-50, WIDTH - 150), rng.randint(30, max(60, horizon - 260))
        for _ in range(4):
            w, h = rng.randint(110, 200), rng.randint(40, 70)
            dx, dy = rng.randint(0, 140), rng.randint(-18, 18)
            draw.ellipse((x + dx, y + dy, x + dx + w, y + dy + h), fill=(246, 248, 250))


def _tree(draw, rng, x, base, scale=1.0):
    trunk_h, crown = int(70 * scale), int(rng.randint(46, 66) * scale)
    draw.rectangle((x - 6 * scale, base - trunk_h, x + 6 * scale, base), fill=(104, 78, 56))
    green = _vary((64, 128, 64), rng, 18)
    draw.ellipse(
        (x - crown, base - trunk_h - crown * 1.5, x + crown, base - trunk_h + crown * 0.4), fill=green
    )
    light = _mix(green, (160, 200, 120), 0.35)
    draw.ellipse(
        (x - crown * 0.6, base - trunk_h - crown * 1.35, x + crown * 0.2, base - trunk_h - crown * 0.5),
        fill=light,
    )


def _windows(draw, left, top, right, bottom, rows, cols, glass, skip=()):
    """A grid of windows; `skip` holds (row, column) cells left blank (a door goes there)."""
    cell_w, cell_h = (right - left) / cols, (bottom - top) / rows
    for r in range(rows):
        for c in range(cols):
            if (r, c) in skip:
                continue
            x0, y0 = left + c * cell_w + cell_w * 0.22, top + r * cell_h + cell_h * 0.2
            draw.rectangle((x0, y0, x0 + cell_w * 0.56, y0 + cell_h * 0.55), fill=glass)


def _service_centre(draw, rng, horizon):
    """党群服务中心: a two- or three-storey block with a red banner and a flag."""
    floors = rng.randint(2, 3)
    width = rng.randint(560, 720)
    left = rng.randint(180, WIDTH - width - 140)
    top = horizon - 80 - floors * 100
    wall = _vary(rng.choice(WALLS), rng, 6)
    draw.rectangle((left + 14, top + 14, left + width + 14, horizon + 26), fill=_mix(wall, (0, 0, 0), 0.35))
    draw.rectangle((left, top, left + width, horizon + 12), fill=wall)
    draw.rectangle((left - 12, top - 18, left + width + 12, top), fill=_mix(wall, (60, 60, 60), 0.4))
    draw.rectangle((left + 40, top + 18, left + width - 40, top + 62), fill=PARTY_RED)
    for i in range(8):  # gold characters suggested as blocks
        x = left + 70 + i * (width - 140) / 8
        draw.rectangle((x + 8, top + 28, x + 38, top + 52), fill=GOLD)
    door = {(floors - 1, 2), (floors - 1, 3)}
    _windows(draw, left + 20, top + 80, left + width - 20, horizon + 12, floors, 6, (120, 150, 176), door)
    door_x = left + width / 2
    draw.rectangle((door_x - 54, horizon - 70, door_x + 54, horizon + 12), fill=(90, 110, 128))
    draw.line((door_x, horizon - 70, door_x, horizon + 12), fill=(70, 86, 100), width=3)
    pole_x, pole_top = left - 70, max(24, top - 110)
    draw.line((pole_x, horizon + 20, pole_x, pole_top), fill=(205, 205, 205), width=5)
    draw.rectangle((pole_x + 2, pole_top, pole_x + 90, pole_top + 56), fill=PARTY_RED)
    return left, left + width


def _houses(draw, rng, horizon, count):
    """A row of village houses with pitched roofs."""
    x = rng.randint(-60, 40)
    while x < WIDTH:
        w = rng.randint(180, 260)
        h = rng.randint(130, 190)
        wall, roof = _vary(rng.choice(WALLS), rng, 8), rng.choice(ROOFS)
        draw.rectangle((x, horizon - h, x + w, horizon + 8), fill=wall)
        draw.polygon(
            [(x - 14, horizon - h), (x + w / 2, horizon - h - 70), (x + w + 14, horizon - h)], fill=roof
        )
        _windows(draw, x + 16, horizon - h + 24, x + w - 16, horizon - 40, 1, 2, (110, 140, 168))
        x += w + rng.randint(30, 80)
        count -= 1
        if count <= 0:
            break


def _road(draw, horizon):
    vanish = WIDTH * 0.52
    draw.polygon(
        [(vanish - 16, horizon), (vanish + 16, horizon), (WIDTH * 0.86, HEIGHT), (WIDTH * 0.16, HEIGHT)],
        fill=(120, 124, 128),
    )
    for i in range(7):  # centre line, growing towards the viewer
        t0, t1 = (i / 7) ** 1.6, ((i + 0.5) / 7) ** 1.6
        y0, y1 = horizon + (HEIGHT - horizon) * t0, horizon + (HEIGHT - horizon) * t1
        x0, x1 = vanish + (WIDTH * 0.51 - vanish) * t0, vanish + (WIDTH * 0.51 - vanish) * t1
        draw.polygon(
            [(x0 - 1 - 5 * t0, y0), (x0 + 1 + 5 * t0, y0), (x1 + 1 + 5 * t1, y1), (x1 - 1 - 5 * t1, y1)],
            fill=(236, 236, 230),
        )


def _hall(image, rng):
    """擂台比武 / 点评会: a meeting room with a red backdrop, a long table and rows of chairs."""
    draw = ImageDraw.Draw(image)
    image.paste(_vertical_gradient((WIDTH, HEIGHT), (228, 224, 216), (196, 188, 176)))
    draw.rectangle((0, 520, WIDTH, HEIGHT), fill=(150, 118, 92))
    draw.rectangle((160, 90, WIDTH - 160, 360), fill=PARTY_RED)
    draw.rectangle((170, 100, WIDTH - 170, 350), outline=GOLD, width=4)
    for i in range(10):  # the banner's title, suggested
        x = 250 + i * (WIDTH - 500) / 10
        draw.rectangle((x + 10, 170, x + 58, 226), fill=GOLD)
    for i in range(7):
        x = 330 + i * (WIDTH - 660) / 7
        draw.rectangle((x + 12, 262, x + 44, 290), fill=(250, 228, 170))
    draw.rectangle((220, 430, WIDTH - 220, 500), fill=(178, 40, 40))
    draw.rectangle((220, 420, WIDTH - 220, 432), fill=(120, 24, 24))
    for i in range(6):
        x = 300 + i * (WIDTH - 600) / 5
        draw.rectangle((x - 8, 404, x + 8, 420), fill=(240, 240, 240))  # name plates
    for row in range(3):
        y = 580 + row * 70
        for col in range(9):
            x = 90 + col * 118 + (row % 2) * 30
            draw.rectangle((x, y, x + 80, y + 48), fill=(60, 70, 96))
            draw.ellipse((x + 22, y - 40, x + 58, y - 4), fill=_vary((52, 44, 40), rng, 14))


def scene(kind, rng):
    """A JPEG (bytes) of about 1200 × 800: 'centre', 'village', 'street' or 'hall'."""
    image = Image.new("RGB", (WIDTH, HEIGHT))
    if kind == "hall":
        _hall(image, rng)
    else:
        horizon = rng.randint(470, 540)
        top, bottom = rng.choice(SKIES)
        image.paste(_vertical_gradient((WIDTH, horizon), top, bottom))
        ground = (152, 168, 112) if kind == "village" else (176, 174, 166)
        image.paste(
            _vertical_gradient(
                (WIDTH, HEIGHT - horizon), _vary(ground, rng, 10), _mix(ground, (70, 80, 60), 0.5)
            ),
            (0, horizon),
        )
        draw = ImageDraw.Draw(image)
        _clouds(draw, rng, horizon)
        if kind == "centre":
            left, right = _service_centre(draw, rng, horizon)
            draw.rectangle((0, horizon + 12, WIDTH, HEIGHT), fill=(206, 202, 192))  # the square
            lawn = _vary((96, 150, 80), rng, 10)
            middle = (left + right) / 2
            for x0, x1 in ((0, middle - 90), (middle + 90, WIDTH)):  # lawns either side of the path
                draw.rectangle((x0 + 30, horizon + 90, x1 - 30, HEIGHT - 40), fill=lawn)
                for x in range(int(x0) + 60, int(x1) - 40, 70):  # a clipped hedge along the lawn
                    draw.ellipse(
                        (x - 30, horizon + 70, x + 30, horizon + 110), fill=_mix(lawn, (30, 70, 30), 0.4)
                    )
            for x in (left - 120, right + 110, right + 230):
                _tree(draw, rng, x, horizon + 40)
        elif kind == "village":
            _houses(draw, rng, horizon, rng.randint(4, 6))
            for i in range(rng.randint(3, 5)):
                _tree(draw, rng, rng.randint(40, WIDTH - 40), horizon + rng.randint(60, 200), 1.2 + i * 0.1)
        else:
            _houses(draw, rng, horizon, 6)
            _road(draw, horizon)
            for i in range(4):
                t = 0.25 + i * 0.22
                base = horizon + (HEIGHT - horizon) * t
                _tree(draw, rng, WIDTH * 0.52 - (WIDTH * 0.45) * t - 40, base, 0.5 + t)
                _tree(draw, rng, WIDTH * 0.52 + (WIDTH * 0.42) * t + 50, base, 0.5 + t)
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()
