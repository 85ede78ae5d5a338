"""khabar: Arabic-native political event coding."""
