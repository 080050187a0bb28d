using MudBlazor;

namespace WellWon.Web.Components.Layout;

/// <summary>WellWon's colours for the light and dark palettes; one place so every screen agrees.</summary>
public static class WellWonTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight { Primary = "#1b5e8c", Secondary = "#2e7d5b", AppbarBackground = "#1b5e8c" },
        PaletteDark = new PaletteDark { Primary = "#6ab0de", Secondary = "#66bb8f" },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "sans-serif"] },
        },
    };
}
